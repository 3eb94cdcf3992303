import {startOffscreenPlayer} from '../../src/player/offscreen';

startOffscreenPlayer();
