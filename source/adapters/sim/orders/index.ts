// The simulator's OpenAlgo order endpoints with fault injection.
export { simOrderRoutes, SESSION_EXPIRED_MESSAGE, type SimOrderRouteOptions, type SimOrderRoutes } from './sim-order-routes.js';
export { SimFaults, DEFAULT_REJECTION_REASON, type Http500Phase, type RateLimitScope, type SimFaultsSnapshot } from './sim-faults.js';
export { SimOrderBook, type SimOrder, type SimOrderStatus, type SimPosition, type SimTrade } from './sim-order-book.js';
