package dev.nonstop.sample.spring.work;

import io.grpc.MethodDescriptor;
import io.grpc.ServerServiceDefinition;
import io.grpc.stub.ServerCalls;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;

/**
 * The sample's gRPC service, {@code nonstop.sample.Greeter/Hello}: a unary call whose request and answer are UTF-8
 * text (no generated code), answering {@code hello <name> from <version> <instance>}.
 */
public final class Greeter {

    /** The service's name. */
    public static final String SERVICE = "nonstop.sample.Greeter";

    /** The one method: text in, text out. */
    public static final MethodDescriptor<String, String> HELLO = MethodDescriptor.<String, String>newBuilder()
            .setType(MethodDescriptor.MethodType.UNARY)
            .setFullMethodName(MethodDescriptor.generateFullMethodName(SERVICE, "Hello"))
            .setRequestMarshaller(Utf8.INSTANCE)
            .setResponseMarshaller(Utf8.INSTANCE)
            .build();

    private Greeter() {}

    static ServerServiceDefinition service(String version, String instance) {
        return ServerServiceDefinition.builder(SERVICE)
                .addMethod(HELLO, ServerCalls.asyncUnaryCall((name, answer) -> {
                    answer.onNext("hello " + name + " from " + version + " " + instance);
                    answer.onCompleted();
                }))
                .build();
    }

    /** UTF-8 text as a gRPC message. */
    enum Utf8 implements MethodDescriptor.Marshaller<String> {
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
