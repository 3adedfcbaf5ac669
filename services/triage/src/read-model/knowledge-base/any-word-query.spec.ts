import { anyWordQuery } from './any-word-query';

describe('anyWordQuery', () => {
  it('joins the distinct words with OR', () => {
    expect(anyWordQuery('Printer offline: the printer queue is stuck')).toBe(
      'printer | offline | the | queue | is | stuck',
    );
  });

  it('keeps no tsquery syntax from the text', () => {
    expect(anyWordQuery("VPN's !timeout & (error:* 809) | 'x' <-> \\y")).toBe(
      'vpn | timeout | error | 809',
    );
  });

  it('keeps letters of any language', () => {
    expect(anyWordQuery('Imprimante déconnectée')).toBe('imprimante | déconnectée');
  });

  it('has nothing to search for in punctuation alone', () => {
    expect(anyWordQuery(' ?! -- ')).toBeUndefined();
  });

  it('bounds the number of words', () => {
    const text = Array.from({ length: 100 }, (_, index) => `word${index}`).join(' ');
    expect(anyWordQuery(text)?.split(' | ')).toHaveLength(64);
  });
});
