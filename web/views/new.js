// "Add a record": from an article (the intake), or a record of any collection.
import { h, render, link } from '../dom.js';
import { schema } from '../schema.js';

export async function chooseNew() {
  const S = await schema();
  render(h('h1', {}, 'Add a record'), h('p', {}, h('a', { class: 'button', href: '#/intake' }, 'From an article'),
    ' — paste it, see what it mentions, and record it all at once.'), h('ul', { class: 'list' },
    S.list.map((c) => h('li', {}, link(`#/new/${c.name}`, `A new record in ${c.name}`)))));
}
