import {render} from 'preact';
import {App} from '../../src/options/App';

render(<App />, document.getElementById('app')!);
