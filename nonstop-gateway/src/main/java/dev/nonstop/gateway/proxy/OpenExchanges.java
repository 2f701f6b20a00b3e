package dev.nonstop.gateway.proxy;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * The exchanges open on one event loop, by member id, so that a member's drain deadline can close
 * what is still open to it. An intrusive doubly linked list per member: adding and removing touch
 * two pointers, no hashing of the exchange. Confined to its loop: no locks on the hot path.
 */
final class OpenExchanges {
    private final Map<String, Link> heads = new HashMap<>();

    /** The list node an exchange carries; one per exchange, reused when it moves to another member. */
    static final class Link {
        final Exchange exchange;
        Link prev;
        Link next;
        Link head;

        Link(Exchange exchange) {
            this.exchange = exchange;
        }

        private Link() {
            this.exchange = null;
            this.prev = this;
            this.next = this;
        }
    }

    void add(String memberId, Link link) {
        Link head = heads.get(memberId);
        if (head == null) {
            head = new Link();
            heads.put(memberId, head);
        }
        link.head = head;
        link.prev = head;
        link.next = head.next;
        head.next.prev = link;
        head.next = link;
    }

    void remove(Link link) {
        if (link.head == null) {
            return;
        }
        link.prev.next = link.next;
        link.next.prev = link.prev;
        link.prev = null;
        link.next = null;
        link.head = null;
    }

    /** A copy: closing an exchange removes it from the list. */
    List<Exchange> of(String memberId) {
        Link head = heads.get(memberId);
        List<Exchange> open = new ArrayList<>();
        if (head != null) {
            for (Link l = head.next; l != head; l = l.next) {
                open.add(l.exchange);
            }
        }
        return open;
    }
}
