/**
 * A write refused because this node no longer holds the report's lease (cluster mode): another node
 * has taken the report over, or this one could not renew in time. Not retried: the room is dropped
 * and its clients reconnect to the new owner (close code 1012), resending what was not acknowledged.
 */
export class OwnershipLost extends Error {
  constructor(readonly reportId: string) {
    super(`report ${reportId} is no longer owned by this node`);
  }
}
