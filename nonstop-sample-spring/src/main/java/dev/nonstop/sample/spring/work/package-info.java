/**
 * The sample's work off the HTTP path, each part off unless configured: a RabbitMQ consumer, a Kafka listener, a
 * job that runs on one instance of the cluster at a time and a gRPC service. The consumers and the job write what
 * they did to a {@link dev.nonstop.sample.spring.work.Ledger} shared by the instances, from which the demo counts
 * messages lost or processed twice and job runs missed or doubled across a release.
 */
package dev.nonstop.sample.spring.work;
