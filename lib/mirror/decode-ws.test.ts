import { describe, expect, it } from 'vitest';
import { fromHex } from '@/lib/wire/bytes';
import { MessageInflater } from '@/lib/wire/inflate';
import { openMessage, parseDeflate } from './decode-ws';

describe('parseDeflate', () => {
  it('reads permessage-deflate and its context takeover parameters', () => {
    expect(
      parseDeflate('permessage-deflate; server_no_context_takeover; client_max_window_bits=15'),
    ).toEqual({
      enabled: true,
      clientNoContext: false,
      serverNoContext: true,
    });
  });

  it('is disabled when the 101 accepted no extension', () => {
    expect(parseDeflate('').enabled).toBe(false);
    expect(parseDeflate('x-other; permessage-deflate').enabled).toBe(false);
  });
});

describe('openMessage', () => {
  const compressed = { type: 'text' as const, frames: 1, compressed: true };

  it('inflates a compressed text message and decodes its text', () => {
    const result = openMessage(
      { ...compressed, data: fromHex('f248cdc9c90700') },
      new MessageInflater(),
      false,
    );
    expect(result.ok && result.message.text).toBe('Hello');
  });

  it('forgets the window after each message when there is no context takeover', () => {
    const inflater = new MessageInflater();
    openMessage({ ...compressed, data: fromHex('f248cdc9c90700') }, inflater, true);
    const second = openMessage({ ...compressed, data: fromHex('f200110000') }, inflater, true);
    expect(second).toEqual({
      ok: false,
      error: 'permessage-deflate data does not inflate: distance 5 reaches before the window',
    });
  });

  it('passes an uncompressed message through untouched', () => {
    const message = {
      type: 'binary' as const,
      frames: 2,
      compressed: false,
      data: fromHex('0102'),
    };
    expect(openMessage(message, new MessageInflater(), false)).toEqual({ ok: true, message });
  });
});
