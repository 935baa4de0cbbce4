// A port of pytorch/examples word_language_model/data.py, line by line: the Dictionary of the corpus's words
// and the Corpus of its three files as one int64 tensor of word ids each (the reference:
// examples/ports/reference/word_language_model/data.py). Python's `for line in f` and `line.split()` are
// spelled out: universal newlines, and the whitespace str.split() splits on.
import * as fs from "node:fs";
import * as path from "node:path";
import * as torch from "torchts";

/** The characters Python's str.split() splits on (str.isspace), as a run. */
// biome-ignore lint/suspicious/noControlCharactersInRegex: str.isspace() is true of \x1c-\x1f (the separators)
const WHITESPACE = /[ \t\n\v\f\r\x1c-\x1f\x85\xa0\u1680\u2000-\u200a\u2028\u2029\u202f\u205f\u3000]+/;

/** line.split(): the words of a line, with no empty strings at the ends. */
function split(line: string): string[] {
  return line.split(WHITESPACE).filter((w) => w !== "");
}

/** The lines of a text file as `for line in open(path, 'r', encoding="utf8")` gives them (universal newlines). */
function* lines(file: string): Generator<string> {
  const text = fs.readFileSync(file, "utf8").replace(/\r\n?/g, "\n");
  const parts = text.split("\n");
  const last = parts.pop() ?? "";
  for (const part of parts) yield `${part}\n`;
  if (last !== "") yield last;
}

/** d[key] on a dict: a KeyError-like Error where the key is missing. */
function getitem(d: Map<string, number>, key: string): number {
  const v = d.get(key);
  if (v === undefined) throw new Error(`KeyError: '${key}'`);
  return v;
}

export class Dictionary {
  word2idx = new Map<string, number>();
  idx2word: string[] = [];

  addWord(word: string): number {
    if (!this.word2idx.has(word)) {
      this.idx2word.push(word);
      this.word2idx.set(word, this.idx2word.length - 1);
    }
    return getitem(this.word2idx, word);
  }

  /** __len__ */
  get length(): number {
    return this.idx2word.length;
  }
}

export class Corpus {
  dictionary = new Dictionary();
  train: torch.Tensor;
  valid: torch.Tensor;
  test: torch.Tensor;

  constructor(dir: string) {
    this.train = this.tokenize(path.join(dir, "train.txt"));
    this.valid = this.tokenize(path.join(dir, "valid.txt"));
    this.test = this.tokenize(path.join(dir, "test.txt"));
  }

  /** Tokenizes a text file. */
  tokenize(file: string): torch.Tensor {
    if (!fs.existsSync(file)) throw new Error("AssertionError");
    // Add words to the dictionary
    for (const line of lines(file)) {
      const words = [...split(line), "<eos>"];
      for (const word of words) this.dictionary.addWord(word);
    }

    // Tokenize file content
    const idss: torch.Tensor[] = [];
    for (const line of lines(file)) {
      const words = [...split(line), "<eos>"];
      const ids: number[] = [];
      for (const word of words) ids.push(getitem(this.dictionary.word2idx, word));
      idss.push(torch.tensor(ids).type("int64"));
    }
    const ids = torch.cat(idss);

    return ids;
  }
}
