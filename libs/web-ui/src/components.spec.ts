import { phoneLink } from './components';

describe('phoneLink', () => {
  it('links a phone number to call, keeping only digits and + in the link', () => {
    expect(phoneLink('+44 (20) 7946-0958')?.markup).toBe(
      '<a href="tel:+442079460958">+44 (20) 7946-0958</a>',
    );
  });

  it('escapes what it shows, and shows nothing for no number', () => {
    expect(phoneLink('<b>4711</b>')?.markup).toBe('<a href="tel:4711">&lt;b&gt;4711&lt;/b&gt;</a>');
    expect(phoneLink(null)).toBeUndefined();
  });
});
