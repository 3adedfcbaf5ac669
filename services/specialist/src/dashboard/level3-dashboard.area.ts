/** The level 3 dashboard in the top bar. */
export const LEVEL3_AREA = { name: 'Level 3 · Specialists', href: '/dashboard' };
