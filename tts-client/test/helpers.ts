// Test doubles shared by the unit tests: a scripted fetch that follows the tts-server contract, a manual clock, a Web Audio stand-in and a speechSynthesis stand-in. All of them live in the test process; nothing touches the network.
import type {AudioContextLike, FetchLike} from '../source/types/options.js';

export const sampleRate = 24_000;

/** A PCM16 mono WAV, as tts-server's /synthesize answers. */
export function wavBytes(samples: ArrayLike<number>, rate = sampleRate): Uint8Array<ArrayBuffer> {
	const data = new DataView(new ArrayBuffer(44 + (samples.length * 2)));
	const write = (offset: number, text: string) => {
		for (let index = 0; index < text.length; index++) {
			data.setUint8(offset + index, text.charCodeAt(index));
		}
	};

	write(0, 'RIFF');
	data.setUint32(4, 36 + (samples.length * 2), true);
	write(8, 'WAVE');
	write(12, 'fmt ');
	data.setUint32(16, 16, true);
	data.setUint16(20, 1, true);
	data.setUint16(22, 1, true);
	data.setUint32(24, rate, true);
	data.setUint32(28, rate * 2, true);
	data.setUint16(32, 2, true);
	data.setUint16(34, 16, true);
	write(36, 'data');
	data.setUint32(40, samples.length * 2, true);
	for (let index = 0; index < samples.length; index++) {
		data.setInt16(44 + (index * 2), Math.round(Math.max(-1, Math.min(1, samples[index]!)) * 32_767), true);
	}

	return new Uint8Array(data.buffer);
}

export function sine(seconds: number, frequency = 440, rate = sampleRate): Float32Array {
	const samples = new Float32Array(Math.round(seconds * rate));
	for (let index = 0; index < samples.length; index++) {
		samples[index] = 0.5 * Math.sin(2 * Math.PI * frequency * index / rate);
	}

	return samples;
}

export function pcmBytes(samples: ArrayLike<number>): Uint8Array<ArrayBuffer> {
	const view = new DataView(new ArrayBuffer(samples.length * 2));
	for (let index = 0; index < samples.length; index++) {
		view.setInt16(index * 2, Math.round(samples[index]! * 32_767), true);
	}

	return new Uint8Array(view.buffer);
}

export type Call = {method: string; url: string; path: string; body: unknown; init: RequestInit & {targetAddressSpace?: string}};

export type ServerMode = 'up' | 'down' | 'loading' | 'hang' | 'garbage';

/**
A fake tts-server behind a fake fetch. `mode` decides how it answers; `handlers` override single routes. Every call is recorded with its parsed JSON body.
*/
export class FakeServer {
	mode: ServerMode = 'up';
	calls: Call[] = [];
	/** Per-path override; return a Response, or throw to simulate a transport error. */
	handlers = new Map<string, (call: Call) => Promise<Response> | Response>();
	streaming = true;
	audio = sine(0.2);

	readonly fetch: FetchLike = async (input, init = {}) => {
		const url = new URL(input);
		let body: unknown;
		if (typeof init.body === 'string') {
			body = JSON.parse(init.body);
		}

		const call: Call = {method: init.method ?? 'GET', url: input, path: url.pathname, body, init};
		this.calls.push(call);
		const signal = init.signal ?? undefined;
		if (signal?.aborted) {
			throw new DOMException('The operation was aborted.', 'AbortError');
		}

		if (this.mode === 'down') {
			throw new TypeError('Failed to fetch');
		}

		if (this.mode === 'hang') {
			return new Promise<Response>((_resolve, reject) => {
				signal?.addEventListener('abort', () => {
					reject(new DOMException('The operation was aborted.', 'AbortError'));
				});
			});
		}

		const handler = this.handlers.get(call.path);
		if (handler) {
			return handler(call);
		}

		return this.#route(call);
	};

	paths(): string[] {
		return this.calls.map(call => `${call.method} ${call.path}`);
	}

	count(path: string): number {
		return this.calls.filter(call => call.path === path).length;
	}

	#route(call: Call): Response {
		if (this.mode === 'garbage') {
			return new Response('<html>not me</html>', {status: 200, headers: {'content-type': 'text/html'}});
		}

		switch (call.path) {
			case '/health': {
				return Response.json({status: this.mode === 'loading' ? 'loading' : 'ok', version: '0.1.0-test', voices: 54});
			}

			case '/synthesize': {
				const request = call.body as {text?: string; timestamps?: boolean};
				if (!request.text) {
					return Response.json({error: {code: 'empty_text', message: 'text is empty'}}, {status: 400});
				}

				if (request.timestamps) {
					const base64 = Buffer.from(wavBytes(this.audio)).toString('base64');
					return Response.json({sample_rate: sampleRate, audio: base64, words: [{word: 'Hello', start: 0, end: 0.1, char_start: 0, char_end: 5}]});
				}

				return new Response(wavBytes(this.audio), {headers: {'content-type': 'audio/wav'}});
			}

			case '/v1/audio/speech': {
				if (!this.streaming) {
					return Response.json({error: {code: 'not_found', message: 'no route'}}, {status: 404});
				}

				return new Response(pcmBytes(this.audio), {headers: {'content-type': 'audio/pcm'}});
			}

			default: {
				return Response.json({error: {code: 'not_found', message: 'no route'}}, {status: 404});
			}
		}
	}
}

/** A clock the test moves by hand, for re-probe timing. */
export class FakeClock {
	time = 1000;
	readonly now = () => this.time;
	advance(ms: number): void {
		this.time += ms;
	}
}

type FakeSource = {
	buffer: {length: number; sampleRate: number; data: Float32Array} | undefined;
	startedAt: number | undefined;
	stopped: boolean;
	connect(): void;
	start(when: number): void;
	stop(): void;
	addEventListener(type: 'ended', listener: () => void): void;
};

/**
Web Audio stand-in. Sources "play" instantly: `ended` fires on a macrotask after `start`, unless `holdPlayback` is set (then `releasePlayback()` ends them), so tests can look at the player mid-sound.
*/
export class FakeAudioContext {
	state: 'running' | 'suspended' | 'closed' = 'running';
	currentTime = 0;
	destination = {};
	sources: FakeSource[] = [];
	holdPlayback = false;
	resumeWorks = true;
	readonly #held: Array<() => void> = [];

	async resume(): Promise<void> {
		if (this.resumeWorks) {
			this.state = 'running';
			return;
		}

		// Like Chrome without a user gesture: never settles.
		await new Promise(() => undefined);
	}

	createBuffer(_channels: number, length: number, rate: number) {
		const data = new Float32Array(length);
		return {length, sampleRate: rate, duration: length / rate, getChannelData: () => data, data};
	}

	createBufferSource(): FakeSource {
		const listeners: Array<() => void> = [];
		const source: FakeSource = {
			buffer: undefined,
			startedAt: undefined,
			stopped: false,
			connect() {},
			start: (when: number) => {
				source.startedAt = when;
				const end = () => {
					for (const listener of listeners) {
						listener();
					}
				};

				if (this.holdPlayback) {
					this.#held.push(end);
				} else {
					setTimeout(end, 0);
				}
			},
			stop() {
				source.stopped = true;
			},
			addEventListener(_type, listener) {
				listeners.push(listener);
			},
		};
		this.sources.push(source);
		return source;
	}

	releasePlayback(): void {
		for (const end of this.#held.splice(0)) {
			end();
		}
	}

	/** Samples scheduled so far, in order. */
	get played(): number {
		return this.sources.reduce((sum, source) => sum + (source.buffer?.length ?? 0), 0);
	}

	asContext(): AudioContextLike {
		return this as unknown as AudioContextLike;
	}
}

type Voice = {name: string; lang: string; localService: boolean; default: boolean; voiceURI: string};

/** Installs a speechSynthesis stand-in on globalThis; returns it and a remover. `speak` fires start then end on macrotasks unless `behaviour` says otherwise. */
export function installSpeech(voices: Array<Partial<Voice> & {lang: string}>, behaviour: 'speak' | 'silent' | 'not-allowed' = 'speak') {
	const target = new EventTarget();
	const list: Voice[] = voices.map((voice, index) => ({name: `voice ${index}`, localService: true, default: index === 0, voiceURI: `v${index}`, ...voice}));
	const spoken: Array<{text: string; lang: string; rate: number; voice: Voice | null}> = [];
	class Utterance extends EventTarget {
		text: string;
		voice: Voice | null = null;
		lang = '';
		rate = 1;
		constructor(text: string) {
			super();
			this.text = text;
		}
	}

	let current: Utterance | undefined;
	const synth = {
		getVoices: () => [...list],
		speak(utterance: Utterance) {
			spoken.push({text: utterance.text, lang: utterance.lang, rate: utterance.rate, voice: utterance.voice});
			current = utterance;
			if (behaviour === 'silent') {
				return;
			}

			setTimeout(() => {
				if (behaviour === 'not-allowed') {
					utterance.dispatchEvent(Object.assign(new Event('error'), {error: 'not-allowed'}));
					return;
				}

				utterance.dispatchEvent(new Event('start'));
				setTimeout(() => {
					if (current === utterance) {
						utterance.dispatchEvent(new Event('end'));
					}
				}, 5);
			}, 0);
		},
		cancel() {
			const utterance = current;
			current = undefined;
			utterance?.dispatchEvent(Object.assign(new Event('error'), {error: 'interrupted'}));
		},
		pause() {},
		resume() {},
		addEventListener: target.addEventListener.bind(target),
		removeEventListener: target.removeEventListener.bind(target),
		/** Test hook: voices arrive late, like Chrome's first getVoices(). */
		addVoices(more: Array<Partial<Voice> & {lang: string}>) {
			list.push(...more.map((voice, index) => ({name: `late ${index}`, localService: true, default: false, voiceURI: `late${index}`, ...voice})));
			target.dispatchEvent(new Event('voiceschanged'));
		},
	};
	const globals = globalThis as Record<string, unknown>;
	globals.speechSynthesis = synth;
	globals.SpeechSynthesisUtterance = Utterance;
	return {
		synth,
		spoken,
		remove() {
			delete globals.speechSynthesis;
			delete globals.SpeechSynthesisUtterance;
		},
	};
}

/** Makes the test process look like a page at `origin` with the given Local Network Access state and user activation. */
export function installPage(options: {origin: string; lna?: Record<string, 'granted' | 'denied' | 'prompt'>; gesture?: boolean}) {
	const globals = globalThis as Record<string, unknown>;
	const url = new URL(options.origin);
	const statuses = new Map<string, EventTarget & {state: string}>();
	const queries: string[] = [];
	const permissions = {
		async query({name}: {name: string}) {
			queries.push(name);
			const state = options.lna?.[name];
			if (!state) {
				throw new TypeError(`Failed to execute 'query' on 'Permissions': The provided value '${name}' is not a valid enum value of type PermissionName.`);
			}

			let status = statuses.get(name);
			if (!status) {
				status = Object.assign(new EventTarget(), {state});
				statuses.set(name, status);
			}

			return status;
		},
	};
	const activation = {isActive: options.gesture ?? false};
	Object.defineProperty(globals, 'navigator', {value: {permissions, userActivation: activation}, configurable: true, writable: true});
	Object.defineProperty(globals, 'location', {value: {protocol: url.protocol, hostname: url.hostname, origin: url.origin}, configurable: true, writable: true});
	return {
		queries,
		activation,
		/** Simulates the user answering the prompt or editing site settings. */
		setPermission(name: string, state: 'granted' | 'denied' | 'prompt') {
			const status = statuses.get(name);
			if (status) {
				status.state = state;
				status.dispatchEvent(new Event('change'));
			}
		},
		remove() {
			delete globals.navigator;
			delete globals.location;
		},
	};
}

export async function delay(ms: number): Promise<void> {
	return new Promise(resolve => {
		setTimeout(resolve, ms);
	});
}
