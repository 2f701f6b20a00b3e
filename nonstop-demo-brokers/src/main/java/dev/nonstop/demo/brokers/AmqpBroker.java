package dev.nonstop.demo.brokers;

import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.apache.qpid.server.configuration.updater.TaskExecutor;
import org.apache.qpid.server.configuration.updater.TaskExecutorImpl;
import org.apache.qpid.server.logging.EventLogger;
import org.apache.qpid.server.logging.LoggingMessageLogger;
import org.apache.qpid.server.model.AuthenticationProvider;
import org.apache.qpid.server.model.Broker;
import org.apache.qpid.server.model.BrokerModel;
import org.apache.qpid.server.model.Port;
import org.apache.qpid.server.model.Protocol;
import org.apache.qpid.server.model.SystemConfig;
import org.apache.qpid.server.model.User;
import org.apache.qpid.server.model.VirtualHostNode;
import org.apache.qpid.server.model.port.AmqpPort;
import org.apache.qpid.server.plugin.PluggableFactoryLoader;
import org.apache.qpid.server.plugin.SystemConfigFactory;
import org.apache.qpid.server.store.MemorySystemConfigImpl;
import org.apache.qpid.server.virtualhostnode.memory.MemoryVirtualHostNode;

/**
 * An AMQP 0-9-1 broker (Apache Qpid Broker-J) with nothing on disk: its configuration and messages in memory, one
 * user {@code guest}/{@code guest} (as a fresh RabbitMQ has), one virtual host that every name (such as RabbitMQ's
 * {@code /}) reaches, listening on 127.0.0.1 at an ephemeral port.
 */
final class AmqpBroker implements AutoCloseable {
    private final TaskExecutor executor;
    private final SystemConfig<?> system;
    private final AmqpPort<?> port;

    private AmqpBroker(TaskExecutor executor, SystemConfig<?> system, AmqpPort<?> port) {
        this.executor = executor;
        this.system = system;
        this.port = port;
    }

    @SuppressWarnings({"unchecked", "rawtypes"})
    static AmqpBroker start() throws java.io.IOException {
        TaskExecutor executor = new TaskExecutorImpl();
        executor.start();
        try {
            return start(executor);
        } catch (java.io.IOException | RuntimeException e) {
            executor.stop(); // its threads would keep the process alive
            throw e;
        }
    }

    @SuppressWarnings({"unchecked", "rawtypes"})
    private static AmqpBroker start(TaskExecutor executor) throws java.io.IOException {
        EventLogger events = new EventLogger(new LoggingMessageLogger());
        SystemConfigFactory<?> factory =
                new PluggableFactoryLoader<>(SystemConfigFactory.class).get(MemorySystemConfigImpl.SYSTEM_CONFIG_TYPE);
        Map<String, Object> attributes = new HashMap<>();
        // An empty broker (its parts are added below), from a file: Qpid reads its initial configuration by URL.
        java.nio.file.Path initial = java.nio.file.Files.createTempFile("nonstop-demo-amqp-", ".json");
        initial.toFile().deleteOnExit();
        java.nio.file.Files.writeString(
                initial, "{\"name\":\"nonstop-demo\",\"modelVersion\":\"" + BrokerModel.MODEL_VERSION + "\"}");
        attributes.put("initialConfigurationLocation", initial.toUri().toString());
        attributes.put("startupLoggedToSystemOut", false);
        SystemConfig<?> system = factory.newInstance(executor, events, () -> "nonstop-demo", attributes);
        system.open();
        Broker<?> broker = (Broker<?>) system.getContainer();

        Map<String, Object> auth = new HashMap<>();
        auth.put(AuthenticationProvider.NAME, "plain");
        auth.put(AuthenticationProvider.TYPE, "Plain");
        auth.put("secureOnlyMechanisms", List.of());
        AuthenticationProvider<?> provider = broker.createChild(AuthenticationProvider.class, auth);
        provider.createChild(User.class, new HashMap<>(Map.of(User.NAME, "guest", User.PASSWORD, "guest")));

        Map<String, Object> portAttributes = new HashMap<>();
        portAttributes.put(Port.NAME, "amqp");
        portAttributes.put(Port.PORT, 0);
        portAttributes.put("bindingAddress", "127.0.0.1");
        portAttributes.put(Port.AUTHENTICATION_PROVIDER, "plain");
        portAttributes.put(Port.PROTOCOLS, java.util.Set.of(Protocol.AMQP_0_9_1));
        // Any virtual host name a client asks for (RabbitMQ's clients ask for "/") reaches the default one.
        portAttributes.put(
                "virtualhostaliases",
                List.of(
                        Map.of("name", "nameAlias", "type", "nameAlias"),
                        Map.of("name", "defaultAlias", "type", "defaultAlias")));
        AmqpPort<?> port = (AmqpPort<?>) broker.createChild(Port.class, portAttributes);

        Map<String, Object> node = new HashMap<>();
        node.put(VirtualHostNode.NAME, "default");
        node.put(VirtualHostNode.TYPE, MemoryVirtualHostNode.VIRTUAL_HOST_NODE_TYPE);
        node.put(VirtualHostNode.DEFAULT_VIRTUAL_HOST_NODE, true);
        node.put(
                "virtualHostInitialConfiguration",
                "{\"name\":\"default\",\"modelVersion\":\"" + BrokerModel.MODEL_VERSION + "\",\"type\":\"Memory\"}");
        broker.createChild(VirtualHostNode.class, node);
        return new AmqpBroker(executor, system, port);
    }

    /** The port it listens on (127.0.0.1). */
    int port() {
        return port.getBoundPort();
    }

    @Override
    public void close() {
        system.close();
        executor.stop();
    }
}
