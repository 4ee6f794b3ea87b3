import { createServer, Server } from 'node:http';
import { type AddressInfo } from 'node:net';
import { PlatformErrorCode } from '../platform.error';
import { ImageFetcher } from './images';
import { OutboundGuard } from './outbound-guard';
import { platformHttpClient, send } from './platform-http';

const PNG = Buffer.from('89504e470d0a1a0a', 'hex');

async function serve(
  handler: (path: string) => { status: number; headers?: Record<string, string | undefined>; body?: Buffer | string },
): Promise<{ server: Server; port: number; hits: string[] }> {
  const hits: string[] = [];
  const server = createServer((request, response) => {
    hits.push(request.url ?? '');
    const { status, headers = {}, body = '' } = handler(request.url ?? '');
    response.writeHead(status, headers as Record<string, string>).end(body);
  });
  await new Promise<void>((listening) => server.listen(0, '127.0.0.1', listening));
  return { server, port: (server.address() as AddressInfo).port, hits };
}

describe('outbound requests to URLs users typed', () => {
  it.each([
    '127.0.0.1',
    '127.1.2.3',
    '10.1.2.3',
    '172.16.0.1',
    '192.168.1.1',
    '169.254.169.254',
    '100.64.0.1',
    '0.0.0.0',
    '224.0.0.1',
    '::1',
    '::ffff:127.0.0.1',
    'fe80::1',
    'fd00:ec2::254',
    'localhost',
  ])('refuse %s unless it is allowed', async (host) => {
    await expect(new OutboundGuard([]).addressFor(host, 80)).rejects.toThrow(/not allowed/);
  });

  it('read the address forms a URL may hide a loopback in as the loopback', () => {
    for (const url of ['http://0x7f000001/', 'http://2130706433/', 'http://0177.0.0.1/', 'http://127.1/', 'http://[::1]/']) {
      expect(['127.0.0.1', '[::1]']).toContain(new URL(url).hostname);
    }
  });

  it('reach a private host only as the allow-list names it, host and port', async () => {
    const guard = new OutboundGuard(['127.0.0.1:4100', 'sim.local', '10.8.0.0/16']);
    await expect(guard.addressFor('127.0.0.1', 4100)).resolves.toBe('127.0.0.1');
    await expect(guard.addressFor('127.0.0.1', 3000)).rejects.toThrow(/not allowed/);
    await expect(guard.addressFor('10.8.3.4', 443)).resolves.toBe('10.8.3.4');
    await expect(guard.addressFor('10.9.3.4', 443)).rejects.toThrow(/not allowed/);
  });

  it('send nothing to a refused address, even as a hex number, and store a short reason', async () => {
    const { server, port, hits } = await serve(() => ({ status: 200, body: 'secret internal answer' }));
    try {
      const http = platformHttpClient('webhook', undefined, 2000, new OutboundGuard([]));
      for (const url of [`http://0x7f000001:${port}/admin`, `http://127.0.0.1:${port}/admin`, `http://localhost:${port}/admin`]) {
        await expect(send(() => http.post(url, '{}'), false)).rejects.toMatchObject({
          code: PlatformErrorCode.Rejected,
          reason: expect.stringMatching(/not allowed/),
        });
      }
      expect(hits).toEqual([]);
      const allowed = platformHttpClient('webhook', undefined, 2000, new OutboundGuard([`127.0.0.1:${port}`]));
      expect((await allowed.get(`http://127.0.0.1:${port}/ok`)).status).toBe(200);
      expect(hits).toEqual(['/ok']);
    } finally {
      server.close();
    }
  });

  it('check every redirect of a picture download again', async () => {
    const { server, port, hits } = await serve((path) =>
      path === '/photo.png'
        ? { status: 302, headers: { location: 'http://169.254.169.254/latest/meta-data/' } }
        : path === '/good.png'
          ? { status: 301, headers: { location: '/final.png' } }
          : { status: 200, headers: { 'content-type': 'image/png' }, body: PNG },
    );
    try {
      const images = new ImageFetcher(new OutboundGuard([`127.0.0.1:${port}`]));
      await expect(images.fetch(`http://127.0.0.1:${port}/photo.png`, 2000)).rejects.toMatchObject({ code: PlatformErrorCode.Rejected });
      expect((await images.fetch(`http://127.0.0.1:${port}/good.png`, 2000)).bytes).toEqual(PNG);
      expect(hits).toEqual(['/photo.png', '/good.png', '/final.png']);
    } finally {
      server.close();
    }
  });
});
