import { describe, expect, it } from 'vitest';
import { LabScript } from '@/lib/machines/test-lab-script';
import { authRowsOf } from './auth-events';

describe('authRowsOf', () => {
  it('tells the /secure story: connect, expiry, server disconnect, refused reconnect', () => {
    const s = new LabScript();
    s.eioWsOpen('c1');
    s.wait(1).sio('c1', 'up', '0/secure,{"token":"abcdefghij"}');
    s.wait(1).sio('c1', 'down', '0/secure,{"sid":"S1"}');
    s.wait(3000).sio('c1', 'down', '2/secure,["auth-expired",{"exp":1}]');
    s.sio('c1', 'down', '1/secure,');
    s.wait(10).sio('c1', 'up', '0/secure,{"token":"abcdefghij"}');
    s.wait(1).sio('c1', 'down', '4/secure,{"message":"token expired"}');
    const rows = authRowsOf(s.events, { abcdefghij: 'learner' });
    expect(rows.map((r) => r.text)).toEqual([
      'CONNECT with token abcdefgh…',
      'CONNECT answered: sid S1',
      'server emits "auth-expired" {"exp":1}',
      'DISCONNECT (41) from the server',
      'CONNECT with token abcdefgh…',
      'CONNECT_ERROR "token expired"',
    ]);
    expect(rows.every((r) => r.user === 'learner')).toBe(true);
  });

  it('flags a room broadcast that arrives after revoked', () => {
    const s = new LabScript();
    s.eioWsOpen('c1');
    s.wait(1).sio('c1', 'up', '0/secure,{"token":"t"}');
    s.wait(1).sio('c1', 'down', '0/secure,{"sid":"S1"}');
    s.wait(1).sio('c1', 'down', '2/secure,["room-chat",{"room":"ops","msg":"before"}]');
    s.wait(1).sio('c1', 'down', '2/secure,["revoked",{"user":"learner"}]');
    s.wait(1).sio('c1', 'down', '2/secure,["room-chat",{"room":"ops","msg":"after"}]');
    const late = authRowsOf(s.events).filter((r) => r.text.includes('lingered'));
    expect(late.map((r) => r.text)).toEqual([
      'server emits "room-chat" {"room":"ops","msg":"after"} — after revocation: the membership lingered',
    ]);
  });
});
