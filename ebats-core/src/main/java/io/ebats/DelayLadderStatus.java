package io.ebats;

/**
 * The delay ladder of a namespace on RabbitMQ (docs/protocol.md, section 3.2): one per virtual host, shared by
 * the namespaces that name it, unless its name lies within the namespace.
 *
 * @param name           the ladder's name ({@link EbatsConfig#delayLadder()}); null where the broker holds
 *                       delayed tasks in their own queues (the embedded broker)
 * @param ownedByNamespace whether the ladder's name lies within the namespace, so that it is deleted with it
 * @param delayed        tasks waiting in it, of every namespace that shares it
 * @param undeliverable  delayed tasks whose queue was deleted while they waited, kept in its undeliverable queue
 * @param legacyDelayed  tasks waiting in the namespace's own ladder of an earlier ebats ({@code NS.delay.LL}),
 *                       which still delivers them; -1 when the namespace has none
 */
public record DelayLadderStatus(String name, boolean ownedByNamespace, long delayed, long undeliverable,
                                long legacyDelayed) {

    /** Whether an earlier ebats's ladder of the namespace is still there. */
    public boolean hasLegacyLadder() {
        return legacyDelayed >= 0;
    }
}
