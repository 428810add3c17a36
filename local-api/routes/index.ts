/**
 * The backend's routes, in the order FastAPI registers them (main.py, then each router in
 * include order): the order decides which route answers 405 for a path, as on the real server.
 */
import { jsonResponse } from '../errors';
import { Router } from '../fastapi';
import { login, signup } from './auth';
import { billingStatus, createCheckout, createPortal, paygToggle, stripeWebhook } from './billing';
import { createKey, deleteKey, keysUsage, listKeys, revealKey, updateKey } from './keys';
import { candlesRoute, deltas, orderbook, trades } from './history';
import { eventDetail, listEvents, listMarkets, listSettlements, marketDetail, settlementDetail } from './markets';
import { coverageRefresh, coverageStats, playgroundDemo, playgroundMarkets } from './playground';

export function backendRouter(): Router {
  return new Router()
    .add('GET', '/health', async () => jsonResponse({ status: 'ok' }))
    .add('POST', '/auth/signup', signup)
    .add('POST', '/auth/login', login)
    .add('GET', '/markets', listMarkets)
    .add('GET', '/markets/{ticker}', marketDetail)
    .add('POST', '/orderbook', orderbook)
    .add('POST', '/deltas', deltas)
    .add('POST', '/trades', trades)
    .add('GET', '/candles/{ticker}', candlesRoute)
    .add('GET', '/events', listEvents)
    .add('GET', '/events/{event_ticker}', eventDetail)
    .add('GET', '/settlements', listSettlements)
    .add('GET', '/settlements/{ticker}', settlementDetail)
    .add('GET', '/coverage/stats', coverageStats)
    .add('POST', '/coverage/refresh', coverageRefresh)
    .add('GET', '/playground/markets', playgroundMarkets)
    .add('POST', '/playground/demo', playgroundDemo)
    .add('POST', '/keys', createKey)
    .add('GET', '/keys', listKeys)
    .add('GET', '/keys/usage', keysUsage)
    .add('GET', '/keys/{key_id}/reveal', revealKey)
    .add('PATCH', '/keys/{key_id}', updateKey)
    .add('DELETE', '/keys/{key_id}', deleteKey)
    .add('GET', '/billing/status', billingStatus)
    .add('POST', '/billing/checkout', createCheckout)
    .add('POST', '/billing/portal', createPortal)
    .add('POST', '/billing/payg', paygToggle)
    .add('POST', '/billing/webhook', stripeWebhook);
}
