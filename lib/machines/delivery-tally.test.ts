import { describe, expect, it } from 'vitest';
import { onceTally, receivedTally } from './delivery-tally';

describe('delivery tallies', () => {
  it('counts gaps up to the server’s last id as lost', () => {
    expect(receivedTally([5, 6, 7, 10], 12)).toEqual({
      sent: 8,
      delivered: 4,
      lost: 4,
      duplicated: 0,
    });
  });

  it('counts repeated ids as duplicates, not deliveries', () => {
    expect(receivedTally([1, 2, 2, 3, 3, 3], 3)).toEqual({
      sent: 3,
      delivered: 3,
      lost: 0,
      duplicated: 3,
    });
  });

  it('is all zero before anything arrives', () => {
    expect(receivedTally([], 40)).toEqual({ sent: 0, delivered: 0, lost: 0, duplicated: 0 });
  });

  it('ack + retry + dedup: delivered = distinct ids the server kept', () => {
    expect(onceTally(20, { received: 26, unique: 20, duplicates: 6 })).toEqual({
      sent: 20,
      delivered: 20,
      lost: 0,
      duplicated: 6,
    });
  });
});
