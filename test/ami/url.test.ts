import { describe, expect, it } from 'vitest';
import { describeEndpoint, formatAmiUrl, parseAmiUrl, redactSecrets } from '../../src/ami/url.js';
import { ChanlogError } from '../../src/errors.js';

describe('AMI URLs', () => {
  it('parses user, secret, host and port, and formats them back', () => {
    const endpoint = parseAmiUrl('ami://admin:s%40cret%3Ax@127.0.0.1:5038');
    expect(endpoint).toEqual({ host: '127.0.0.1', port: 5038, username: 'admin', secret: 's@cret:x', tls: false });
    expect(parseAmiUrl(formatAmiUrl(endpoint))).toEqual(endpoint);
  });
  it('defaults the port by scheme and knows TLS', () => {
    expect(parseAmiUrl('amis://u:p@pbx.example').port).toBe(5039);
    expect(parseAmiUrl('amis://u:p@pbx.example').tls).toBe(true);
    expect(parseAmiUrl('ami://u:p@pbx.example').port).toBe(5038);
  });
  it('never shows the secret when describing or redacting', () => {
    const endpoint = parseAmiUrl('ami://admin:topsecret@10.0.0.1:5038');
    expect(describeEndpoint(endpoint)).not.toContain('topsecret');
    expect(redactSecrets('ami://admin:topsecret@10.0.0.1:5038')).toBe('ami://admin:***@10.0.0.1:5038');
  });
  it('refuses other schemes, missing users and line breaks with a message', () => {
    expect(() => parseAmiUrl('http://u:p@h')).toThrow(ChanlogError);
    expect(() => parseAmiUrl('ami://h:5038')).toThrow(/names no user/);
    expect(() => parseAmiUrl('ami://u:a%0D%0AAction%3A%20Logoff@h')).toThrow(/line break/);
    expect(() => parseAmiUrl('not a url')).toThrow(/not an AMI URL/);
  });
});
