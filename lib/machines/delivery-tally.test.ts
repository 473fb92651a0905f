import { describe, expect, it } from 'vitest';
import { onceTally, receivedTally } from './delivery-tally';

describe('delivery tallies', () => {
  it('counts a gap as lost once a later id arrived, and ids after the last one as in flight', () => {
    expect(receivedTally([5, 6, 7, 10], 12)).toEqual({
      sent: 8,
      delivered: 4,
      lost: 2,
      duplicated: 0,
      inFlight: 2,
    });
  });

  it('never counts ids that may still arrive as lost (published, not received yet)', () => {
    // The server has published 1..30; the page has 1..20 so far, in order.
    const ids = Array.from({ length: 20 }, (_, i) => i + 1);
    expect(receivedTally(ids, 30)).toMatchObject({
      sent: 30,
      delivered: 20,
      lost: 0,
      inFlight: 10,
    });
  });

  it('counts repeated ids as duplicates, not deliveries', () => {
    expect(receivedTally([1, 2, 2, 3, 3, 3], 3)).toEqual({
      sent: 3,
      delivered: 3,
      lost: 0,
      duplicated: 3,
      inFlight: 0,
    });
  });

  it('is all zero before anything arrives', () => {
    expect(receivedTally([], 40)).toEqual({
      sent: 0,
      delivered: 0,
      lost: 0,
      duplicated: 0,
      inFlight: 0,
    });
  });

  it('ack + retry + dedup: delivered = distinct ids the server kept', () => {
    expect(onceTally(20, { received: 26, unique: 20, duplicates: 6 })).toEqual({
      sent: 20,
      delivered: 20,
      lost: 0,
      duplicated: 6,
      inFlight: 0,
    });
  });
});
