/**
 * The Nonstop agent: the part that runs on each host and owns app processes. {@link
 * dev.nonstop.agent.Agent} ties the artifact store and the process driver together and is what an
 * embedded controller calls in-process; {@link dev.nonstop.agent.contract.AgentApi} is the shape shared with
 * the remote {@link dev.nonstop.agent.contract.client.AgentClient}. Every mutation may carry a {@link
 * dev.nonstop.common.fencing.Fence} (release id and fencing token): a token lower than the highest seen for
 * the release is refused (also after a restart: the tokens are kept in the data directory), and every mutation,
 * refused or not, is written to the audit log.
 */
package dev.nonstop.agent;
