const han = /\p{Script=Han}/u;

/**
BCP 47 language for the Web Speech API. An explicit `lang` wins; Han characters are read as Mandarin whatever the voice (as the server does); otherwise the Kokoro voice prefix decides (`b…` is British English), and English is the default.
*/
export function speechLanguage(text: string, voice: string | undefined, lang: string | undefined): string {
	if (lang) {
		const [primary = 'en', region] = lang.split(/[-_]/);
		if (primary.toLowerCase() === 'zh' || primary.toLowerCase() === 'cmn') {
			return 'zh-CN';
		}

		return region ? `${primary.toLowerCase()}-${region.toUpperCase()}` : primary.toLowerCase();
	}

	if (han.test(text)) {
		return 'zh-CN';
	}

	switch (voice?.[0]) {
		case 'b': {
			return 'en-GB';
		}

		case 'z': {
			return 'zh-CN';
		}

		default: {
			return 'en-US';
		}
	}
}

/** The voice that best fits `lang`: same language and region, else same language; local voices and the default first within each. */
export function pickVoice<V extends {lang: string; localService: boolean; default: boolean}>(voices: readonly V[], lang: string): V | undefined {
	const wanted = lang.toLowerCase().replace('_', '-');
	const primary = wanted.split('-')[0]!;
	const normalized = (voice: V) => voice.lang.toLowerCase().replace('_', '-');
	const primaryOf = (voice: V) => {
		const tag = normalized(voice).split('-')[0]!;
		// Some platforms list Mandarin as cmn-Hans-CN.
		return tag === 'cmn' ? 'zh' : tag;
	};

	const score = (voice: V) => (voice.localService ? 2 : 0) + (voice.default ? 1 : 0);
	const best = (candidates: V[]) => candidates.sort((a, b) => score(b) - score(a))[0];
	return best(voices.filter(voice => normalized(voice) === wanted)) ?? best(voices.filter(voice => primaryOf(voice) === primary));
}
