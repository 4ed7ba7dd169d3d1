package dev.portico.server;

import java.util.Collection;

import org.eclipse.jetty.io.ManagedSelector;
import org.eclipse.jetty.io.SelectorManager;
import org.eclipse.jetty.util.thread.strategy.AdaptiveExecutionStrategy;

/**
 * How the listener's selectors ran the I/O events they saw, summed since start: {@code inline} in the
 * selector thread itself, {@code handedOff} by waking another thread (to run the event, or to take over
 * selecting while this thread runs it). A relayed stanza should cost no hand-off; tests and the
 * benchmark read these to prove it.
 */
public record SelectorDispatch(long inline, long handedOff) {

    static SelectorDispatch of(SelectorManager manager) {
        long inline = 0;
        long handedOff = 0;
        Collection<ManagedSelector> selectors = manager.getBeans(ManagedSelector.class);
        for (ManagedSelector selector : selectors) {
            AdaptiveExecutionStrategy strategy = selector.getBean(AdaptiveExecutionStrategy.class);
            if (strategy != null) {
                inline += strategy.getPCTasksConsumed();
                handedOff += strategy.getEPCTasksConsumed() + strategy.getPECTasksExecuted()
                    + strategy.getPICTasksExecuted();
            }
        }
        return new SelectorDispatch(inline, handedOff);
    }

    /** The events between {@code earlier} and this sample. */
    public SelectorDispatch since(SelectorDispatch earlier) {
        return new SelectorDispatch(inline - earlier.inline, handedOff - earlier.handedOff);
    }
}
