#!/usr/bin/env node
// Deterministic generator of a large plain-text blog dump, shaped like the real ones: Blogger
// date headers (once per day, several posts under some), a title line, hard-wrapped prose,
// code runs, markdown-significant characters, and Blogger footers or an editor signature.
// Usage: node bench/gen-text.mjs POSTS OUT.txt [--seed S]
import { createWriteStream } from 'node:fs';

const args = process.argv.slice(2);
const posts = Number.parseInt(args[0] ?? '', 10);
const out = args[1];
if (!posts || !out) {
  console.error('usage: node bench/gen-text.mjs POSTS OUT.txt [--seed S]');
  process.exit(2);
}
const seedAt = args.indexOf('--seed');
let seed = seedAt >= 0 ? Number(args[seedAt + 1]) : 20150301;

// mulberry32: small, fast, deterministic.
function random() {
  seed = (seed + 0x6d2b79f5) | 0;
  let t = seed;
  t = Math.imul(t ^ (t >>> 15), t | 1);
  t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
  return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
}
const pick = (list) => list[Math.floor(random() * list.length)];
const between = (lo, hi) => lo + Math.floor(random() * (hi - lo + 1));

const WORDS = (
  'the kernel driver release build test patch bug fix module syscall probe trace memory page fault ' +
  'interrupt handler stack pointer register assembler compiler linker symbol table address value ' +
  'working week weekend evening morning finally again still really quite slowly carefully issue ' +
  'report users people question answer small large strange simple different older newer latest ' +
  'café naïve über résumé déjà vu 3.16 2.6.18 x86_64 i386 x_call.c old_rsp execve() gcc -O2'
).split(' ');
const SPICE = ['*really*', '_init_', '`ls`', '[sic]', '<stdio.h>', 'AT&T', '#1', '1. not a list', '- dash', '> quote', '100%', 'a|b'];
const CODE = [
  ['#include <stdio.h>', 'int main(void) {', '    printf("hello %d\\n", 42);', '    return 0;', '}'],
  ['$ make clean', '$ make all', '$ sudo make install'],
  ["build/dtrace -n 'syscall::: {", 'this->pid = pid;', 'this->arg0 = stringof(arg0);', "tick-1s { printf(\"%d\", cnt); }'"],
];
const WEEKDAYS = ['Sunday', 'Monday', 'Tuesday', 'Wednesday', 'Thursday', 'Friday', 'Saturday'];
const MONTHS = ['January', 'February', 'March', 'April', 'May', 'June', 'July', 'August', 'September', 'October', 'November', 'December'];
const AUTHORS = ['Paul Fox', 'Margaret Hale', 'Jürgen Weiß', 'Ana María'];
const LABELS = ['dtrace', 'linux', 'kernel', 'crisp', 'gcc', 'café', 'tools', 'C++'];

function sentence() {
  const words = [];
  const n = between(6, 18);
  for (let i = 0; i < n; i++) words.push(random() < 0.04 ? pick(SPICE) : pick(WORDS));
  const s = words.join(' ');
  return s[0].toUpperCase() + s.slice(1) + pick(['.', '.', '.', '?', '!', ' - honestly.']);
}

function paragraph() {
  const text = Array.from({ length: between(2, 6) }, sentence).join(' ');
  // Hard-wrap at ~72 columns, like the real dumps.
  const lines = [];
  let line = '';
  for (const word of text.split(' ')) {
    if (line && line.length + word.length + 1 > 72) {
      lines.push(line);
      line = word;
    } else line = line ? `${line} ${word}` : word;
  }
  if (line) lines.push(line);
  return lines.join('\n');
}

const stream = createWriteStream(out, { highWaterMark: 1 << 20 });
let buffer = '';
async function write(text) {
  buffer += text;
  if (buffer.length > 1 << 20) {
    if (!stream.write(buffer)) await new Promise((resolve) => stream.once('drain', resolve));
    buffer = '';
  }
}

let day = Date.UTC(2024, 11, 31);
let written = 0;
await write('My Old Blog\nThoughts on kernels, compilers and other slow things\n\n');
while (written < posts) {
  const date = new Date(day);
  await write(`${WEEKDAYS[date.getUTCDay()]}, ${date.getUTCDate()} ${MONTHS[date.getUTCMonth()]} ${date.getUTCFullYear()}\n\n`);
  const sameDay = random() < 0.15 ? 2 : 1;
  for (let k = 0; k < sameDay && written < posts; k++, written++) {
    await write(`${sentence().slice(0, between(12, 60)).replace(/[.?!\s]+$/, '')}\n\n`);
    const paragraphs = between(5, 14);
    for (let p = 0; p < paragraphs; p++) {
      await write(`${paragraph()}\n\n`);
      if (random() < 0.08) await write(`${pick(CODE).join('\n')}\n\n`);
    }
    if (random() < 0.5) {
      const hour = between(1, 12);
      await write(`Posted by ${pick(AUTHORS)} at ${hour}:${String(between(0, 59)).padStart(2, '0')} ${pick(['AM', 'PM'])}\n`);
      await write(`${pick(['No comments:', '1 comment:', `${between(2, 9)} comments:`])}\n`);
      await write('Email ThisBlogThis!Share to TwitterShare to FacebookShare to Pinterest\n');
      await write(`Labels: ${pick(LABELS)}, ${pick(LABELS)}\n\n`);
    } else {
      await write('Post created by CRiSP v12.0.3a-b6808\n\n');
    }
  }
  day -= between(1, 3) * 86_400_000;
}
stream.write(buffer);
stream.end();
await new Promise((resolve) => stream.on('finish', resolve));
