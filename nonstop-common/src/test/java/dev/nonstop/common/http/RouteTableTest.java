package dev.nonstop.common.http;

import static io.netty.handler.codec.http.HttpMethod.DELETE;
import static io.netty.handler.codec.http.HttpMethod.GET;
import static io.netty.handler.codec.http.HttpMethod.POST;
import static io.netty.handler.codec.http.HttpMethod.PUT;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class RouteTableTest {
    private final RouteTable<String> routes = RouteTable.<String>builder()
            .add(GET, "/admin/table", "show")
            .add(PUT, "/admin/table", "replace")
            .add(GET, "/admin/stats/{id}", "member")
            .add(POST, "/agent/apps/{app}/versions/{version}", "install")
            .build();

    @Test
    void aRequestFindsItsEndpointWithTheDecodedPathParameters() {
        RouteTable.Lookup<String> lookup = routes.lookup(POST, "/agent/apps/shop/versions/..%2Fx?force=1");

        assertThat(lookup).isInstanceOf(RouteTable.Found.class);
        RouteTable.Found<String> found = (RouteTable.Found<String>) lookup;
        assertThat(found.endpoint()).isEqualTo("install");
        assertThat(found.params()).isEqualTo(Map.of("app", "shop", "version", "../x"));
        assertThat(found.param("version")).isEqualTo("../x");
        assertThatThrownBy(() -> found.param("id"))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessage("name: id (expected: one of [app, version])");
    }

    @Test
    void aPathNoTemplateFitsIsNotFound() {
        assertThat(routes.lookup(GET, "/admin/tables")).isEqualTo(new RouteTable.NotFound<String>("/admin/tables"));
        assertThat(routes.lookup(GET, "/admin/stats/a/b")).isInstanceOf(RouteTable.NotFound.class);
        assertThat(routes.lookup(GET, "/")).isInstanceOf(RouteTable.NotFound.class);
        assertThat(routes.lookup(GET, "/admin/%74able")).isInstanceOf(RouteTable.NotFound.class);
    }

    @Test
    void aPathThatFitsWithAnotherMethodNamesTheMethodsThatWouldDoInDeclarationOrder() {
        RouteTable.Lookup<String> lookup = routes.lookup(DELETE, "/admin/table");

        assertThat(lookup).isEqualTo(new RouteTable.MethodNotAllowed<String>("/admin/table", List.of(GET, PUT)));
        assertThat(((RouteTable.MethodNotAllowed<String>) lookup).allowHeader()).isEqualTo("GET, PUT");
    }

    @Test
    void emptySegmentsAreIgnored() {
        assertThat(routes.lookup(GET, "//admin/table/")).isInstanceOf(RouteTable.Found.class);
        assertThat(routes.lookup(GET, "/admin/stats/")).isInstanceOf(RouteTable.NotFound.class);
    }

    @Test
    void aRouteIsDeclaredOnceAndItsTemplateIsAPath() {
        assertThatThrownBy(() -> RouteTable.<String>builder()
                        .add(GET, "/admin/stats/{id}", "a")
                        .add(GET, "/admin/stats/{member}", "b"))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("declared once");
        assertThatThrownBy(() -> RouteTable.<String>builder().add(GET, "admin", "a"))
                .isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void aRouteNamesItsParameters() {
        assertThat(routes.routes().get(3).parameters()).containsExactly("app", "version");
    }
}
