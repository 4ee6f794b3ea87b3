import { createServer } from 'node:http';
import { type AddressInfo } from 'node:net';
import { PlatformError, PlatformErrorCode } from '../platform.error';
import { defaultCard, ImageFetcher, type ImageFile, multipartUpload } from './images';
import { OutboundGuard } from './outbound-guard';

async function fileIn(upload: { body: Buffer; headers: { 'Content-Type': string } }, field: string): Promise<File> {
  const form = await new Response(new Uint8Array(upload.body), { headers: upload.headers }).formData();
  return form.get(field) as File;
}

describe('multipart uploads of a picture', () => {
  it('carries the picture, its name and its type as the form field a platform reads', async () => {
    const picture: ImageFile = {
      bytes: Buffer.from('GIF89a-not-really-a-picture'),
      contentType: 'image/gif',
      fileName: '嫌疑人照片 "1".gif',
    };
    const upload = await multipartUpload('media', picture);

    expect(upload.headers['Content-Type']).toMatch(/^multipart\/form-data; boundary=/);
    const file = await fileIn(upload, 'media');
    expect(file.type).toBe('image/gif');
    expect(file.name).toBe('嫌疑人照片 "1".gif');
    expect(Buffer.from(await file.arrayBuffer())).toEqual(picture.bytes);
  });

  it('encodes the same picture once per field, so every post of a fan-out reuses one body', async () => {
    const card = defaultCard();
    const first = await multipartUpload('image', card);

    expect(await multipartUpload('image', defaultCard())).toBe(first);
    const asMedia = await multipartUpload('media', card);
    expect(asMedia).not.toBe(first);
    expect(Buffer.from(await (await fileIn(asMedia, 'media')).arrayBuffer())).toEqual(card.bytes);
  });

  it('refuses a bulletin image URL that answers something other than a picture, and asks again next time', async () => {
    let served = 0;
    const server = createServer((_request, response) => {
      served += 1;
      response.setHeader('content-type', 'text/html');
      response.end('<html>moved</html>');
    });
    await new Promise<void>((listening) => server.listen(0, '127.0.0.1', listening));
    const port = (server.address() as AddressInfo).port;
    const url = `http://127.0.0.1:${port}/photo.jpg`;
    const images = new ImageFetcher(new OutboundGuard([`127.0.0.1:${port}`]));
    const fetchImage = (address: string, timeoutMs: number) => images.fetch(address, timeoutMs);
    try {
      await expect(fetchImage(url, 2000)).rejects.toMatchObject({ code: PlatformErrorCode.Rejected });
      await expect(fetchImage(url, 2000)).rejects.toBeInstanceOf(PlatformError);
      expect(served).toBe(2);
    } finally {
      server.close();
    }
  });
});
