import { completeAnswer, postRequest } from './raw-load';

const answer = (head: string, body = '') => Buffer.from(`${head}\r\n\r\n${body}`, 'latin1');

describe('the raw load generator', () => {
  it('writes a keep-alive POST with its JSON body and length', () => {
    const request = postRequest('/api/v1/tickets', { summary: 'é' }, { 'X-Api-Key': 'k' });
    const text = request.toString('utf8');
    expect(text).toMatch(/^POST \/api\/v1\/tickets HTTP\/1\.1\r\n/);
    expect(text).toContain('\r\nContent-Length: 16\r\n');
    expect(text).toContain('\r\nX-Api-Key: k\r\n\r\n{"summary":"é"}');
  });

  it('knows when an answer is whole, from its Content-Length', () => {
    const whole = answer('HTTP/1.1 201 Created\r\ncontent-length: 2', '{}');
    expect(completeAnswer(whole)).toEqual({ status: 201, length: whole.length });
    expect(completeAnswer(whole.subarray(0, whole.length - 1))).toBeUndefined();
    expect(completeAnswer(Buffer.from('HTTP/1.1 201 Created\r\nContent-Le'))).toBeUndefined();
    const upper = answer('HTTP/1.1 400 Bad Request\r\nX-A: 1\r\nContent-Length:  3 ', 'abc');
    expect(completeAnswer(upper)).toEqual({ status: 400, length: upper.length });
  });

  it('refuses to guess the end of an answer without a length', () => {
    expect(() =>
      completeAnswer(answer('HTTP/1.1 200 OK\r\nTransfer-Encoding: chunked', '2\r\n{}')),
    ).toThrow(/without Content-Length/);
    expect(() => completeAnswer(answer('SSH-2.0-OpenSSH'))).toThrow(/not an HTTP answer/);
  });
});
