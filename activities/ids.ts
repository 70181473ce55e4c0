import { monotonicFactory } from 'ulid';

/**
 * A new ULID, sortable by creation order within this process: a plain `ulid()` orders only to the
 * millisecond, and two ids minted in the same one come out in random order. Ids from different processes
 * in the same millisecond still order at random; nothing here relies on that.
 */
export const newUlid: () => string = monotonicFactory();
