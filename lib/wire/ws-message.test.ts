import { describe, expect, it } from 'vitest';
import { fromHex, utf8Decode, utf8Encode } from './bytes';
import { encodeFrame, FrameDecoder } from './ws-frame';
import { MessageAssembler, type MessageItem } from './ws-message';

function assemble(hex: string, maxPayload?: number): MessageItem[] {
  const assembler = new MessageAssembler(maxPayload === undefined ? {} : { maxPayload });
  const out: MessageItem[] = [];
  for (const item of new FrameDecoder().push(fromHex(hex))) {
    if (item.type !== 'frame') continue;
    const result = assembler.push(item.frame, item.payload);
    if (result) out.push(result);
  }
  return out;
}

describe('MessageAssembler', () => {
  it('turns a single text frame into a one-frame text message', () => {
    const [item] = assemble('810548656c6c6f');
    expect(item).toMatchObject({
      type: 'message',
      message: { type: 'text', text: 'Hello', frames: 1 },
    });
  });

  it('joins a fragmented message and counts its frames', () => {
    const [item] = assemble('010348656c80026c6f');
    if (item?.type !== 'message') throw new Error('expected a message');
    expect(item.message.text).toBe('Hello');
    expect(item.message.frames).toBe(2);
  });

  it('lets a control frame arrive between fragments without disturbing the message', () => {
    const items = assemble('010348656c' + '890100' + '80026c6f');
    expect(items).toHaveLength(1);
    expect(items[0]).toMatchObject({ message: { text: 'Hello', frames: 2 } });
  });

  it('keeps binary messages as bytes without text', () => {
    const [item] = assemble('820301ff02');
    if (item?.type !== 'message') throw new Error('expected a message');
    expect(item.message.type).toBe('binary');
    expect(item.message.text).toBeUndefined();
    expect(Array.from(item.message.data)).toEqual([1, 255, 2]);
  });

  it('rejects a text message that is not valid UTF-8 with 1007', () => {
    expect(assemble('8102c328')).toEqual([
      { type: 'error', message: 'text message is not valid UTF-8', closeCode: 1007 },
    ]);
  });

  it('accepts a UTF-8 sequence split across two fragments', () => {
    const euro = utf8Encode('€');
    const frames = [
      encodeFrame({ fin: false, opcode: 1, payload: euro.subarray(0, 1) }),
      encodeFrame({ opcode: 0, payload: euro.subarray(1) }),
    ];
    const assembler = new MessageAssembler();
    const decoder = new FrameDecoder();
    const results = frames
      .flatMap((f) => decoder.push(f))
      .map((i) => (i.type === 'frame' ? assembler.push(i.frame, i.payload) : null));
    expect(results[1]).toMatchObject({ message: { text: '€' } });
  });

  it('rejects a message that grows past maxPayload with 1009', () => {
    const items = assemble('0103616161' + '8003616161', 5);
    expect(items).toEqual([
      { type: 'error', message: 'message length 6 > max 5', closeCode: 1009 },
    ]);
  });

  it('rejects a continuation frame with no message open', () => {
    const assembler = new MessageAssembler();
    expect(assembler.push({ fin: true, opcode: 0 }, new Uint8Array())).toMatchObject({
      type: 'error',
      closeCode: 1002,
    });
  });

  it('does not validate compressed text, which is still deflated', () => {
    const assembler = new MessageAssembler();
    const result = assembler.push(
      { fin: true, opcode: 1, compressed: true },
      fromHex('f248cdc9c90700'),
    );
    expect(result).toMatchObject({ type: 'message', message: { compressed: true } });
    expect(result?.type === 'message' && result.message.text).toBe(undefined);
    expect(utf8Decode(new Uint8Array())).toBe('');
  });
});
