import express, { Router, type Request, type Response } from 'express';
import { consentPage, errorPage } from '../consent-page.js';
import { ah } from '../http-util.js';
import {
  approve,
  AuthorizePageError,
  exchange,
  OAuthError,
  parseAuthorizeRequest,
  redirectWith,
} from '../oauth.js';
import type { EmulatorState } from '../state.js';

export const PERSON_COOKIE = 'wx_person';

function cookie(req: Request, name: string): string | undefined {
  for (const part of (req.get('cookie') ?? '').split(';')) {
    const [k, ...v] = part.trim().split('=');
    if (k === name) return decodeURIComponent(v.join('='));
  }
  return undefined;
}

/** /authorize and /access_token: no bearer token, form bodies, OAuth-style errors. */
export function oauthRoutes(state: EmulatorState): Router {
  const r = Router();
  const form = express.urlencoded({ extended: false });

  const authorize = (params: Record<string, unknown>, req: Request, res: Response, posted: boolean): void => {
    let parsed;
    try {
      parsed = parseAuthorizeRequest(state, params);
    } catch (e) {
      if (e instanceof AuthorizePageError) {
        res.status(400).type('html').send(errorPage(e.message));
        return;
      }
      throw e;
    }
    if ('redirect' in parsed) {
      res.redirect(302, parsed.redirect);
      return;
    }
    if (!posted) {
      const auto = state.autoApprovePersonId;
      if (auto) {
        res.redirect(302, approve(state, parsed, state.person(auto)));
        return;
      }
      const chosen = typeof params.person === 'string' ? params.person : cookie(req, PERSON_COOKIE);
      res
        .status(200)
        .type('html')
        .send(consentPage(state, parsed, chosen));
      return;
    }
    if (params.decision !== 'accept') {
      res.redirect(302, redirectWith(parsed.redirectUri, { error: 'access_denied', state: parsed.state }));
      return;
    }
    const person = typeof params.person === 'string' ? state.people.get(params.person) : undefined;
    if (!person || person.type !== 'person') {
      res.status(400).type('html').send(errorPage('Choose who is signing in.'));
      return;
    }
    res.cookie(PERSON_COOKIE, person.id, { httpOnly: true, sameSite: 'lax', path: '/' });
    res.redirect(302, approve(state, parsed, person));
  };

  r.get(
    '/authorize',
    ah((req, res) => authorize(req.query as Record<string, unknown>, req, res, false)),
  );
  r.post(
    '/authorize',
    form,
    ah((req, res) => authorize((req.body ?? {}) as Record<string, unknown>, req, res, true)),
  );

  r.post(
    '/access_token',
    form,
    express.json(),
    ah((req, res) => {
      res.setHeader('Cache-Control', 'no-store');
      try {
        res.json(exchange(state, (req.body ?? {}) as Record<string, unknown>, req.get('authorization')));
      } catch (e) {
        if (e instanceof OAuthError) {
          res.status(e.status).json({ error: e.error, error_description: e.description });
          return;
        }
        throw e;
      }
    }),
  );

  return r;
}
