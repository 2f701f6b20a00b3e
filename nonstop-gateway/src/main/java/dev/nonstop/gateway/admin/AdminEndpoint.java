package dev.nonstop.gateway.admin;

import io.netty.handler.codec.http.FullHttpResponse;

/** Serves one admin route (see {@link AdminRoutes}); refusals and typed failures are turned into errors by its caller. */
@FunctionalInterface
interface AdminEndpoint {
    FullHttpResponse serve(AdminCall call);
}
