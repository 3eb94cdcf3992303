import {NoEngineError} from '../errors/NoEngineError.js';
import {ServerError} from '../errors/ServerError.js';
import {TtsError} from '../errors/TtsError.js';

export const isTtsError = (error: unknown): error is TtsError => error instanceof TtsError;
export const isServerError = (error: unknown): error is ServerError => error instanceof ServerError;
export const isNoEngineError = (error: unknown): error is NoEngineError => error instanceof NoEngineError;
