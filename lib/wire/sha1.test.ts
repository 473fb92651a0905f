import { createHash } from 'node:crypto';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { toHex, utf8Encode } from './bytes';
import { sha1 } from './sha1';
import { computeAccept, isValidKey, WS_GUID } from './websocket-accept';

describe('sha1', () => {
  it('hashes "abc" to the FIPS 180 test vector', () => {
    expect(toHex(sha1(utf8Encode('abc')))).toBe('a9993e364706816aba3e25717850c26c9cd0d89d');
  });

  it('hashes the empty string', () => {
    expect(toHex(sha1(new Uint8Array()))).toBe('da39a3ee5e6b4b0d3255bfef95601890afd80709');
  });

  it('hashes a 56-byte message that needs a second padding block', () => {
    const input = 'abcdbcdecdefdefgefghfghighijhijkijkljklmklmnlmnomnopnopq';
    expect(toHex(sha1(utf8Encode(input)))).toBe('84983e441c3bd26ebaae4aa1f95129e5e54670f1');
  });

  it('hashes a message longer than 64 bytes', () => {
    const input = 'The quick brown fox jumps over the lazy dog. '.repeat(3);
    expect(toHex(sha1(utf8Encode(input)))).toBe(createHash('sha1').update(input).digest('hex'));
  });

  it('agrees with node:crypto on arbitrary bytes', () => {
    fc.assert(
      fc.property(fc.uint8Array({ maxLength: 300 }), (bytes) => {
        expect(toHex(sha1(bytes))).toBe(createHash('sha1').update(bytes).digest('hex'));
      }),
      { numRuns: 200 },
    );
  });
});

describe('computeAccept', () => {
  it('gives the RFC 6455 §1.3 accept value for the sample nonce', () => {
    expect(computeAccept('dGhlIHNhbXBsZSBub25jZQ==')).toBe('s3pPLMBiTxaQ9kYGzzhZRbK+xOo=');
  });

  it('uses the RFC GUID', () => {
    expect(WS_GUID).toBe('258EAFA5-E914-47DA-95CA-C5AB0DC85B11');
  });

  it('recognises a 16-byte base64 key and rejects others', () => {
    expect(isValidKey('dGhlIHNhbXBsZSBub25jZQ==')).toBe(true);
    expect(isValidKey('short')).toBe(false);
  });
});
