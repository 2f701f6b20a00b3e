package dev.nonstop.gateway.proxy;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/** The gateway's operational log (member ejections, shutdown); requests go to the access log. */
final class GatewayLog {
    static final Logger LOG = LoggerFactory.getLogger("dev.nonstop.gateway");

    private GatewayLog() {}
}
