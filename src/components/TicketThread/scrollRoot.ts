'use client';
import { createContext, useContext, type RefObject } from 'react';

/** The conversation's scroller, for what needs to know what is near its visible part (lazy images). */
export const ScrollRoot = createContext<RefObject<HTMLElement | null> | null>(null);

export const useScrollRoot = () => useContext(ScrollRoot);
