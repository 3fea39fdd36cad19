// server.ts: an Express backend for the Vite app
import express, { type Request, type Response } from 'express';
import { createPortalTokenHandler, toNodeHandler, type NodeHandlerContext } from '@dispatchtickets/react/server';

/** What your session middleware (passport, express-session, …) puts on the request. */
type SignedIn = Request & { user?: { email: string; name?: string | null } };

const app = express();

// Stand-in for your session middleware: the signed-in user from a header.
app.use((req: SignedIn, _res, next) => {
  const email = req.get('x-demo-user');
  if (email) req.user = { email };
  next();
});

const tokenHandler = createPortalTokenHandler<NodeHandlerContext<SignedIn, Response>>({
  apiKey: process.env.DISPATCH_API_KEY!,
  brandId: process.env.DISPATCH_BRAND_ID!,
  baseUrl: process.env.DISPATCH_API_URL,
  getCustomer: (_request, context) => context?.req.user ?? null,
});

app.all('/api/support/token', toNodeHandler(tokenHandler));

const port = Number(process.env.PORT ?? 3001);
app.listen(port, '127.0.0.1', () => console.log(`API on http://localhost:${port}`));
