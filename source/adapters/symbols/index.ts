export { loadSymbols, symbolListFile, SymbolListError, type LoadedSymbols } from './load-symbols.js';
