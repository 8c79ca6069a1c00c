package io.github.commscentre.testkit;

import io.github.commscentre.Recipient;
import io.github.commscentre.spi.CommunicationStore;
import io.github.commscentre.spi.StoreTransaction;

import java.lang.reflect.InvocationHandler;
import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.Proxy;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicBoolean;

/**
 * A store whose first read of one recipient answers it as it was before a concurrent writer changed it: what a facade
 * that reads without a lock sees when another transaction commits between its read and its update. Every other call
 * goes to the real store.
 */
record OvertakenRead(CommunicationStore store, Recipient before, AtomicBoolean answered) implements ForwardingStore {

    OvertakenRead(CommunicationStore store, Recipient before) {
        this(store, before, new AtomicBoolean());
    }

    /** @return whether the stale copy was handed out */
    boolean overtaken() {
        return answered.get();
    }

    @Override
    public <T> T write(String organisationId, StoreWork<T> work) {
        return store.write(organisationId, tx -> work.execute(stale(tx)));
    }

    private StoreTransaction stale(StoreTransaction tx) {
        InvocationHandler handler = (proxy, method, args) -> {
            if (method.getName().equals("findRecipient") && before.id().equals(args[0]) && answered.compareAndSet(false, true)) {
                return Optional.of(before);
            }
            try {
                return method.invoke(tx, args);
            } catch (InvocationTargetException e) {
                throw e.getCause();
            }
        };
        return (StoreTransaction) Proxy.newProxyInstance(StoreTransaction.class.getClassLoader(),
                new Class<?>[] {StoreTransaction.class}, handler);
    }
}
