package dev.nonstop.gateway.proxy;

import io.netty.bootstrap.Bootstrap;
import io.netty.channel.EventLoop;

/** What each event loop owns alone: its upstream pool, its connector, its open exchanges. */
record LoopResources(EventLoop loop, UpstreamPool pool, Bootstrap bootstrap, OpenExchanges open) {}
