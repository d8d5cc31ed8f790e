package dev.schemahealer.agent;

import java.lang.ref.ReferenceQueue;
import java.lang.ref.WeakReference;
import java.util.concurrent.ConcurrentHashMap;

/**
 * A concurrent map with weak keys compared by identity: the fallback of {@link VirtualField} for
 * driver classes that could not take a field. No global lock (unlike a synchronized
 * {@code WeakHashMap}); entries whose key was collected are dropped on the next write or read.
 * Driver objects keep {@code Object.equals}, but identity is what is meant anyway.
 */
final class WeakIdentityMap<V> {

    private final ConcurrentHashMap<Object, V> map = new ConcurrentHashMap<>();
    private final ReferenceQueue<Object> collected = new ReferenceQueue<>();

    V get(Object key) {
        expunge();
        return map.isEmpty() ? null : map.get(new Lookup(key));
    }

    void put(Object key, V value) {
        expunge();
        if (value == null) {
            map.remove(new Lookup(key));
        } else {
            map.put(new WeakKey(key, collected), value);
        }
    }

    /** Entries whose key is still reachable (after dropping the collected ones). */
    int size() {
        expunge();
        return map.size();
    }

    private void expunge() {
        Object stale;
        while ((stale = collected.poll()) != null) {
            map.remove(stale);
        }
    }

    /** Both key forms hash and compare by the referent's identity; a cleared key equals only itself. */
    private static int hash(Object referent) {
        return System.identityHashCode(referent);
    }

    private static final class WeakKey extends WeakReference<Object> {
        private final int hash;

        WeakKey(Object referent, ReferenceQueue<Object> queue) {
            super(referent, queue);
            this.hash = hash(referent);
        }

        @Override
        public int hashCode() {
            return hash;
        }

        @Override
        public boolean equals(Object other) {
            if (other == this) {
                return true;
            }
            Object mine = get();
            if (mine == null) {
                return false;
            }
            if (other instanceof WeakKey w) {
                return w.get() == mine;
            }
            return other instanceof Lookup l && l.referent == mine;
        }
    }

    /** A strong, short-lived key for lookups: no reference object, no queue. */
    private static final class Lookup {
        private final Object referent;

        Lookup(Object referent) {
            this.referent = referent;
        }

        @Override
        public int hashCode() {
            return hash(referent);
        }

        @Override
        public boolean equals(Object other) {
            return other == this || other instanceof WeakKey w && w.get() == referent
                    || other instanceof Lookup l && l.referent == referent;
        }
    }
}
