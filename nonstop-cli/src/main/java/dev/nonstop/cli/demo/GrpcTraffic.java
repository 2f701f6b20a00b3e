package dev.nonstop.cli.demo;

import dev.nonstop.spring.boot.grpc.NonstopNameResolverProvider;
import io.grpc.CallOptions;
import io.grpc.ManagedChannel;
import io.grpc.MethodDescriptor;
import io.grpc.NameResolverRegistry;
import io.grpc.netty.NettyChannelBuilder;
import io.grpc.stub.ClientCalls;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.concurrent.TimeUnit;

/**
 * gRPC calls to the Spring sample's {@code nonstop.sample.Greeter/Hello} as a client of the app would make them:
 * through {@code nonstop:///<app>}, the starter's name resolver reading the controller's {@code GET
 * /api/apps/<app>} (instances in state {@code RUNNING}, each at its HTTP port plus the gRPC offset), balanced
 * round-robin. A call fails when it ends in any status but OK.
 */
final class GrpcTraffic implements AutoCloseable {
    /** The sample's method: UTF-8 text in and out (see the sample's {@code Greeter}). */
    static final MethodDescriptor<String, String> HELLO = MethodDescriptor.<String, String>newBuilder()
            .setType(MethodDescriptor.MethodType.UNARY)
            .setFullMethodName(MethodDescriptor.generateFullMethodName("nonstop.sample.Greeter", "Hello"))
            .setRequestMarshaller(Utf8.INSTANCE)
            .setResponseMarshaller(Utf8.INSTANCE)
            .build();

    private final NonstopNameResolverProvider resolver;
    private final ManagedChannel channel;

    /**
     * @param controller the controller's API, such as {@code http://127.0.0.1:9070}
     * @param grpcOffset the gRPC port's offset from an instance's registered (HTTP) port
     */
    GrpcTraffic(URI controller, String token, String app, int grpcOffset) {
        resolver =
                new NonstopNameResolverProvider(controller, token, Duration.ofMillis(200), port -> port + grpcOffset);
        NameResolverRegistry.getDefaultRegistry().register(resolver);
        channel = NettyChannelBuilder.forTarget(NonstopNameResolverProvider.SCHEME + ":///" + app)
                .defaultLoadBalancingPolicy("round_robin")
                .usePlaintext()
                .build();
    }

    /** One call; throws when it does not end OK. */
    String call(long n) {
        return ClientCalls.blockingUnaryCall(
                channel, HELLO, CallOptions.DEFAULT.withDeadlineAfter(5, TimeUnit.SECONDS), "call-" + n);
    }

    @Override
    public void close() throws InterruptedException {
        channel.shutdownNow().awaitTermination(5, TimeUnit.SECONDS);
        NameResolverRegistry.getDefaultRegistry().deregister(resolver);
    }

    private enum Utf8 implements MethodDescriptor.Marshaller<String> {
        INSTANCE;

        @Override
        public InputStream stream(String value) {
            return new ByteArrayInputStream(value.getBytes(StandardCharsets.UTF_8));
        }

        @Override
        public String parse(InputStream stream) {
            try {
                return new String(stream.readAllBytes(), StandardCharsets.UTF_8);
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        }
    }
}
