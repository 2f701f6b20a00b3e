/**
 * The sample app's endpoints, one class each.
 *
 * <table>
 *   <caption>Endpoints</caption>
 *   <tr><th>Request</th><th>Class</th><th>Answer</th></tr>
 *   <tr><td>{@code GET /}</td><td>{@link dev.nonstop.sample.endpoints.PageEndpoint}</td>
 *       <td>HTML: version banner in its colour, user, instance</td></tr>
 *   <tr><td>{@code POST /login}, {@code POST /logout}</td><td>{@link dev.nonstop.sample.endpoints.LoginEndpoint},
 *       {@link dev.nonstop.sample.endpoints.LogoutEndpoint}</td><td>set or clear the session cookie</td></tr>
 *   <tr><td>{@code GET /me}</td><td>{@link dev.nonstop.sample.endpoints.MeEndpoint}</td>
 *       <td>200 with the user, 401 without a valid session</td></tr>
 *   <tr><td>{@code GET /slow?ms=N}</td><td>{@link dev.nonstop.sample.endpoints.SlowEndpoint}</td>
 *       <td>answers after N ms</td></tr>
 *   <tr><td>{@code POST /orders}</td><td>{@link dev.nonstop.sample.endpoints.OrdersEndpoint}</td>
 *       <td>201 with the body's size; 413 above 10 MB</td></tr>
 *   <tr><td>{@code GET /version}</td><td>{@link dev.nonstop.sample.endpoints.VersionEndpoint}</td>
 *       <td>the version; 500 with {@code SAMPLE_FAIL_SMOKE}</td></tr>
 *   <tr><td>{@code GET /ready}, {@code GET /health}</td><td>{@link dev.nonstop.sample.endpoints.ReadyEndpoint},
 *       {@link dev.nonstop.sample.endpoints.HealthEndpoint}</td><td>readiness and liveness</td></tr>
 *   <tr><td>{@code GET /nonstop/status}, {@code POST /nonstop/drain}, {@code POST /nonstop/resume}</td>
 *       <td>{@link dev.nonstop.app.httpserver.NonstopHttpHandler} (nonstop-app)</td>
 *       <td>the drain contract: status, participants; bearer token required</td></tr>
 * </table>
 */
package dev.nonstop.sample.endpoints;
