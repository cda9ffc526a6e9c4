import { SqliteStore } from '../../src/store/sqlite-store.js';
import { storeContract } from './store.contract.js';

storeContract('SqliteStore', () => SqliteStore.open(':memory:'));
