/**
 * Running releases on a controller: starting them, relaying operator commands, and the recovery
 * scanner that lets any controller finish a release whose owner died (multi-active controllers
 * on one store, ownership through leases with fencing tokens).
 */
package dev.nonstop.controller.service;
