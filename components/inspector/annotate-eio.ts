/**
 * Annotates Engine.IO v4 packets (and the Socket.IO v5 packets inside `message`s) from their text, for
 * the inspector: type digit and meaning, Socket.IO type, attachments, namespace, ack id, JSON data.
 */
import { utf8Encode } from '@/lib/wire/bytes';
import type { ByteField } from './fields';

export const EIO_TYPE_NAMES = [
  'open',
  'close',
  'ping',
  'pong',
  'message',
  'upgrade',
  'noop',
] as const;

const EIO_MEANING: Record<string, string> = {
  open: 'handshake: session id, upgrades, ping interval and timeout, max payload',
  close: 'the transport is closing',
  ping: 'heartbeat ping (v4: sent by the server; "probe" tests a new transport)',
  pong: 'heartbeat answer ("probe" answers a transport probe)',
  message: 'carries application data (here: a Socket.IO packet)',
  upgrade: 'switch the session to the probed transport',
  noop: 'nothing: used to complete a pending poll during an upgrade',
};

export const SIO_TYPE_NAMES = [
  'CONNECT',
  'DISCONNECT',
  'EVENT',
  'ACK',
  'CONNECT_ERROR',
  'BINARY_EVENT',
  'BINARY_ACK',
] as const;

const SIO_MEANING: Record<string, string> = {
  CONNECT: 'join a namespace (the server answers with the Socket.IO sid)',
  DISCONNECT: 'leave a namespace',
  EVENT: 'an emitted event: [name, ...args]',
  ACK: 'the answer to an event that asked for an acknowledgement',
  CONNECT_ERROR: 'the namespace refused the connection',
  BINARY_EVENT: 'an event with binary attachments sent as separate messages',
  BINARY_ACK: 'an acknowledgement with binary attachments',
};

/**
 * Fields for one Engine.IO packet given as text, placed at `byteOffset` in the dumped bytes.
 * Returns [] when the text does not start with an Engine.IO type digit (or `b` for base64 binary).
 */
export function annotateEioText(
  text: string,
  byteOffset: number,
  region: number,
  id = 'eio',
): ByteField[] {
  const at = (charIndex: number) => byteOffset + utf8Encode(text.slice(0, charIndex)).length;
  const fields: ByteField[] = [];
  const c0 = text[0];
  if (c0 === 'b') {
    fields.push(
      {
        id: `${id}-b`,
        start: at(0),
        end: at(1),
        name: 'Engine.IO binary marker',
        value: 'b',
        region,
        meaning: 'binary message, base64 in a text transport',
      },
      {
        id: `${id}-b64`,
        start: at(1),
        end: at(text.length),
        name: 'base64 data',
        value: `${text.length - 1} characters`,
        region: region + 1,
      },
    );
    return fields;
  }
  const type = c0 === undefined ? -1 : '0123456'.indexOf(c0);
  if (type < 0) return [];
  const typeName = EIO_TYPE_NAMES[type] as string;
  fields.push({
    id: `${id}-type`,
    start: at(0),
    end: at(1),
    name: 'Engine.IO type',
    value: `${c0} ${typeName}`,
    region,
    meaning: EIO_MEANING[typeName],
  });
  const rest = text.slice(1);
  if (rest.length === 0) return fields;
  if (typeName !== 'message') {
    fields.push({
      id: `${id}-data`,
      start: at(1),
      end: at(text.length),
      name: typeName === 'open' ? 'handshake JSON' : 'data',
      value: rest.length > 80 ? `${rest.slice(0, 79)}…` : rest,
      region: region + 1,
    });
    return fields;
  }
  const sioType = '0123456'.indexOf(rest[0] ?? '');
  if (sioType < 0) {
    fields.push({
      id: `${id}-data`,
      start: at(1),
      end: at(text.length),
      name: 'message data',
      value: rest.length > 80 ? `${rest.slice(0, 79)}…` : rest,
      region: region + 1,
    });
    return fields;
  }
  const sioName = SIO_TYPE_NAMES[sioType] as string;
  fields.push({
    id: `${id}-sio-type`,
    start: at(1),
    end: at(2),
    name: 'Socket.IO type',
    value: `${rest[0]} ${sioName}`,
    region: region + 1,
    meaning: SIO_MEANING[sioName],
  });
  let i = 2;
  if (sioName === 'BINARY_EVENT' || sioName === 'BINARY_ACK') {
    const dash = text.indexOf('-', i);
    if (dash > i && /^\d+$/.test(text.slice(i, dash))) {
      fields.push({
        id: `${id}-att`,
        start: at(i),
        end: at(dash + 1),
        name: 'attachments',
        value: text.slice(i, dash),
        region: region + 2,
        meaning: 'binary messages that follow this packet',
      });
      i = dash + 1;
    }
  }
  if (text[i] === '/') {
    const comma = text.indexOf(',', i);
    const end = comma < 0 ? text.length : comma + 1;
    fields.push({
      id: `${id}-nsp`,
      start: at(i),
      end: at(end),
      name: 'namespace',
      value: text.slice(i, comma < 0 ? text.length : comma),
      region: region + 3,
    });
    i = end;
  } else {
    fields.push({
      id: `${id}-nsp`,
      start: at(i),
      end: at(i),
      name: 'namespace',
      value: '/ (default, not sent)',
      region: region + 3,
    });
  }
  const ack = /^\d+/.exec(text.slice(i));
  if (ack) {
    fields.push({
      id: `${id}-ack`,
      start: at(i),
      end: at(i + ack[0].length),
      name: 'ack id',
      value: ack[0],
      region: region + 4,
      meaning: sioName.endsWith('ACK')
        ? 'answers the event with this id'
        : 'the sender waits for an ACK with this id',
    });
    i += ack[0].length;
  }
  if (i < text.length) {
    const json = text.slice(i);
    fields.push({
      id: `${id}-json`,
      start: at(i),
      end: at(text.length),
      name: 'JSON data',
      value: json.length > 80 ? `${json.slice(0, 79)}…` : json,
      region: region + 5,
    });
  }
  return fields;
}

/**
 * Fields for a polling body: packets separated by the record separator 0x1e. `bodyText` is the
 * de-chunked body decoded as UTF-8, `byteOffset` where it starts in the dumped bytes.
 */
export function annotateEioPayload(bodyText: string, byteOffset: number): ByteField[] {
  const fields: ByteField[] = [];
  let charStart = 0;
  const parts = bodyText.split('\x1e');
  parts.forEach((part, n) => {
    const start = byteOffset + utf8Encode(bodyText.slice(0, charStart)).length;
    fields.push(...annotateEioText(part, start, n % 2 === 0 ? 0 : 6, `p${n}`));
    charStart += part.length;
    if (n < parts.length - 1) {
      const sep = byteOffset + utf8Encode(bodyText.slice(0, charStart)).length;
      fields.push({
        id: `sep${n}`,
        start: sep,
        end: sep + 1,
        name: 'record separator',
        value: '0x1e',
        region: 12,
        meaning: 'separates packets in a polling payload',
      });
      charStart += 1;
    }
  });
  return fields;
}
