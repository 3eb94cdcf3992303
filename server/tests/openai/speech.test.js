// The OpenAI-compatible endpoint, driven by the official `openai` client, every format checked by
// an independent decoder (ffprobe/ffmpeg). Starts the real tts-server with the real model.
import {test, before, after} from 'node:test';
import assert from 'node:assert/strict';
import {spawn, execFileSync} from 'node:child_process';
import {mkdtempSync, writeFileSync} from 'node:fs';
import {createServer} from 'node:net';
import {tmpdir} from 'node:os';
import {join, dirname} from 'node:path';
import {fileURLToPath} from 'node:url';
import OpenAI from 'openai';

const root = join(dirname(fileURLToPath(import.meta.url)), '..', '..');
const binary = join(root, 'target', 'release', 'tts-server');
const work = mkdtempSync(join(tmpdir(), 'openai-test-'));
let server;
let client;
let base;

async function freePort() {
  return new Promise((resolve) => {
    const probe = createServer().listen(0, '127.0.0.1', () => {
      const {port} = probe.address();
      probe.close(() => resolve(port));
    });
  });
}

before(async () => {
  const port = await freePort();
  base = `http://127.0.0.1:${port}`;
  server = spawn(binary, ['serve', '--port', String(port)], {stdio: ['ignore', 'ignore', 'inherit']});
  const deadline = Date.now() + 120_000;
  for (;;) {
    try {
      const health = await (await fetch(`${base}/health`)).json();
      if (health.status === 'ok') break;
      assert.notEqual(health.status, 'error', `model failed to load: ${health.error}`);
    } catch (error) {
      if (error instanceof assert.AssertionError) throw error;
    }
    assert.ok(Date.now() < deadline, 'server not healthy within 120 s (run make setup && make build)');
    await new Promise((r) => setTimeout(r, 200));
  }
  client = new OpenAI({apiKey: 'not-needed-locally', baseURL: `${base}/v1`});
});

after(() => server?.kill());

/** Decodes with ffprobe/ffmpeg and returns {codec, sampleRate, channels, seconds, rms}. */
function decode(bytes, name, inputArgs = []) {
  const path = join(work, name);
  writeFileSync(path, bytes);
  const probe = JSON.parse(execFileSync('ffprobe', ['-v', 'error', ...inputArgs, '-show_streams', '-show_format', '-of', 'json', path]).toString());
  const stream = probe.streams[0];
  const pcm = execFileSync('ffmpeg', ['-v', 'error', ...inputArgs, '-i', path, '-f', 's16le', '-ac', '1', '-ar', '24000', '-'], {maxBuffer: 1 << 28});
  let sum = 0;
  for (let i = 0; i + 1 < pcm.length; i += 2) sum += (pcm.readInt16LE(i) / 32768) ** 2;
  return {
    codec: stream.codec_name,
    sampleRate: Number(stream.sample_rate),
    channels: stream.channels,
    seconds: pcm.length / 2 / 24000,
    rms: Math.sqrt(sum / (pcm.length / 2)),
  };
}

const input = 'Hello from the local server. This should sound the same in every format.';

const formats = [
  ['mp3', 'mp3', 'audio/mpeg', []],
  ['opus', 'opus', 'audio/opus', []],
  ['flac', 'flac', 'audio/flac', []],
  ['wav', 'pcm_s16le', 'audio/wav', []],
  ['pcm', 'pcm_s16le', 'audio/pcm', ['-f', 's16le', '-ar', '24000', '-ac', '1']],
];

for (const [format, codec, contentType, inputArgs] of formats) {
  for (const stream of [false, true]) {
    test(`${format}${stream ? ' streamed' : ''} decodes to the same speech`, async () => {
      const response = await client.audio.speech.create({model: 'tts-1', voice: 'alloy', input, response_format: format, stream}).asResponse();
      assert.equal(response.status, 200);
      assert.equal(response.headers.get('content-type'), contentType);
      const audio = decode(Buffer.from(await response.arrayBuffer()), `out-${format}-${stream}.${format}`, inputArgs);
      assert.equal(audio.codec, codec);
      assert.equal(audio.channels, 1);
      assert.ok(audio.seconds > 3 && audio.seconds < 10, `${audio.seconds} s`);
      assert.ok(audio.rms > 0.02, `rms ${audio.rms}: audible`);
    });
  }
}

test('aac is refused with a 4xx that says why', async () => {
  await assert.rejects(
    client.audio.speech.create({model: 'tts-1', voice: 'alloy', input: 'Hi', response_format: 'aac'}),
    (error) => error instanceof OpenAI.BadRequestError && /aac/i.test(error.message),
  );
});

test('bad requests raise the client\'s own errors with our messages', async () => {
  await assert.rejects(client.audio.speech.create({model: 'tts-1', voice: 'nobody', input: 'Hi'}), (e) => e.status === 400 && /unknown voice/.test(e.message));
  await assert.rejects(client.audio.speech.create({model: 'whisper-1', voice: 'alloy', input: 'Hi'}), (e) => e.status === 400 && e.param === 'model');
  await assert.rejects(client.audio.speech.create({model: 'tts-1', voice: 'alloy', input: 'Hi', speed: 5}), (e) => e.status === 400 && e.param === 'speed');
  await assert.rejects(client.audio.speech.create({model: 'tts-1', voice: 'af_bella(0)+af_sky', input: 'Hi'}), (e) => e.status === 400 && e.param === 'voice');
  await assert.rejects(client.audio.speech.create({model: 'tts-1', voice: 'alloy', input: ' '}), (e) => e.status === 400 && e.param === 'input');
});

test('every OpenAI voice name, a blend and Mandarin speak', async () => {
  for (const voice of ['alloy', 'ash', 'coral', 'echo', 'fable', 'nova', 'onyx', 'sage', 'shimmer', 'af_bella+af_sky', 'af_bella(2)+af_sky(1)']) {
    const response = await client.audio.speech.create({model: 'kokoro', voice, input: 'One, two, three.', response_format: 'wav'});
    const audio = decode(Buffer.from(await response.arrayBuffer()), `voice-${voice}.wav`);
    assert.ok(audio.seconds > 0.5 && audio.rms > 0.02, `${voice}: ${JSON.stringify(audio)}`);
  }
  const response = await client.audio.speech.create({model: 'tts-1-hd', voice: 'zf_xiaoxiao', input: '今天天气很好，我们去公园散步吧。', response_format: 'mp3'});
  const audio = decode(Buffer.from(await response.arrayBuffer()), 'mandarin.mp3');
  assert.ok(audio.seconds > 1.5 && audio.rms > 0.02, JSON.stringify(audio));
});

test('voices and models are listed', async () => {
  const {voices} = await (await fetch(`${base}/v1/audio/voices`)).json();
  const ids = voices.map((v) => v.id);
  assert.ok(ids.includes('af_heart') && ids.includes('zf_xiaobei'));
  assert.deepEqual(voices.find((v) => v.id === 'zf_xiaobei'), {id: 'zf_xiaobei', language: 'zh-CN', gender: 'female'});
  const models = await client.models.list();
  assert.deepEqual(models.data.map((m) => m.id).sort(), ['kokoro', 'tts-1', 'tts-1-hd']);
});

test('a streamed response delivers audio before the rest is synthesized', async () => {
  const long = 'The old lighthouse keeper climbed the spiral stairs every evening at dusk. '.repeat(8);
  const response = await client.audio.speech.create({model: 'tts-1', voice: 'af_heart', input: long, response_format: 'pcm', stream: true}).asResponse();
  const reader = response.body.getReader();
  let pieces = 0;
  let bytes = 0;
  let firstBytes = 0;
  for (;;) {
    const {done, value} = await reader.read();
    if (done) break;
    pieces += 1;
    bytes += value.length;
    if (pieces === 1) firstBytes = value.length;
  }
  assert.ok(pieces > 1, `arrived in ${pieces} pieces`);
  assert.ok(firstBytes < bytes / 4, `first piece ${firstBytes} of ${bytes} bytes: the first chunk is short`);
});
