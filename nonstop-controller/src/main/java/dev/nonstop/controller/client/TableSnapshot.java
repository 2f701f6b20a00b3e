package dev.nonstop.controller.client;

import com.fasterxml.jackson.databind.node.ObjectNode;

/**
 * A gateway's routing table as {@code GET /admin/table} gave it: the JSON tree (the config file's shape) and the
 * version it is in force under. Edit a {@link ObjectNode#deepCopy() copy} and put it back with {@link
 * GatewayAdminClient#replaceTable(ObjectNode, long)}.
 */
public record TableSnapshot(long version, ObjectNode table) {}
