/**
 * Keeps an API's OpenAPI document true: {@link dev.nonstop.testing.openapi.OpenApiDocument} compares it with the
 * routes the server declares, both ways (a route added without documentation, a documented one removed), and checks
 * that the document holds together (references resolve, path parameters are declared, guarded operations document
 * their 401). Each API's {@code OpenApiDescriptionTest} extends {@link
 * dev.nonstop.testing.openapi.OpenApiDescriptionContract}, which runs those checks, with its document and the route
 * table its server routes with.
 */
package dev.nonstop.testing.openapi;
