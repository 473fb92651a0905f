import { describe, expect, it } from 'vitest';
import { fromHex } from '@/lib/wire/bytes';
import { framePreview } from './fault-preview';

describe('framePreview', () => {
  it('reads an unmasked server text frame', () => {
    expect(framePreview(fromHex('810548656c6c6f'))).toBe('text "Hello"');
  });

  it('unmasks a client text frame (RFC 6455 §5.7)', () => {
    expect(framePreview(fromHex('818537fa213d7f9f4d5158'))).toBe('text "Hello"');
  });

  it('gives the size of binary frames and ignores control frames', () => {
    expect(framePreview(fromHex('8203010203'))).toBe('binary 3 B');
    expect(framePreview(fromHex('8900'))).toBeUndefined();
  });

  it('shortens long text', () => {
    const text = 'x'.repeat(40);
    const hex = `8128${Buffer.from(text).toString('hex')}`;
    expect(framePreview(fromHex(hex))).toBe(`text "${'x'.repeat(23)}…"`);
  });
});
