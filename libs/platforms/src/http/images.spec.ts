import { defaultCard, ImageFile, multipartUpload } from './images';

async function fileIn(upload: { body: Buffer; headers: { 'Content-Type': string } }, field: string): Promise<File> {
  const form = await new Response(upload.body, { headers: upload.headers }).formData();
  return form.get(field) as File;
}

describe('multipart uploads of a picture', () => {
  it('carries the picture, its name and its type as the form field a platform reads', async () => {
    const picture: ImageFile = { bytes: Buffer.from('GIF89a-not-really-a-picture'), contentType: 'image/gif', fileName: '嫌疑人照片 "1".gif' };
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
});
