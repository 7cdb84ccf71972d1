"""A tiny stand-in for LLaVA's train.py, used by biomed-vital's integration tests.

It accepts LLaVA's command-line arguments (unknown ones are ignored), trains a small PyTorch
regression model for real, and prints like the Hugging Face Trainer: a tqdm-style progress bar,
a metrics dict every --logging_steps, "Saving model checkpoint to ..." with checkpoint-N folders
holding trainer_state.json, and the final summary dict. Extra switches drive the tests:
--max_steps, --fail_at_step (exit 3 with a traceback), --sleep (seconds per step).
"""
import argparse
import json
import math
import os
import sys
import time

import torch

p = argparse.ArgumentParser()
p.add_argument("--output_dir", required=True)
p.add_argument("--learning_rate", type=float, default=0.1)
p.add_argument("--per_device_train_batch_size", type=int, default=8)
p.add_argument("--logging_steps", type=int, default=1)
p.add_argument("--save_steps", type=int, default=10)
p.add_argument("--max_steps", type=int, default=20)
p.add_argument("--fail_at_step", type=int, default=0)
p.add_argument("--sleep", type=float, default=0.0)
args, _unknown = p.parse_known_args()

torch.manual_seed(0)
os.makedirs(args.output_dir, exist_ok=True)
start_step = 0
checkpoints = sorted(
    (d for d in os.listdir(args.output_dir) if d.startswith("checkpoint-")),
    key=lambda d: int(d.split("-")[1]))
model = torch.nn.Linear(4, 1)
if checkpoints:
    last = os.path.join(args.output_dir, checkpoints[-1])
    model.load_state_dict(torch.load(os.path.join(last, "model.pt")))
    start_step = int(checkpoints[-1].split("-")[1])
    print("Resuming from checkpoint " + last, flush=True)
opt = torch.optim.SGD(model.parameters(), lr=args.learning_rate)
true_w = torch.tensor([[1.0, -2.0, 0.5, 3.0]])
history = []
t0 = time.time()
bs = args.per_device_train_batch_size
for step in range(start_step + 1, args.max_steps + 1):
    x = torch.randn(bs, 4)
    y = x @ true_w.t()
    loss = torch.nn.functional.mse_loss(model(x), y)
    opt.zero_grad()
    loss.backward()
    opt.step()
    if args.sleep:
        time.sleep(args.sleep)
    if step == args.fail_at_step:
        print("Traceback (most recent call last):", flush=True)
        print('  File "train_tiny.py", line 1, in <module>', flush=True)
        print("RuntimeError: CUDA out of memory (simulated at step %d)" % step, flush=True)
        sys.exit(3)
    pct = int(100 * step / args.max_steps)
    rate = step / max(time.time() - t0, 1e-6)
    sys.stderr.write("%3d%%|#         | %d/%d [00:01<00:02, %.2fit/s]\n" % (pct, step, args.max_steps, rate))
    sys.stderr.flush()
    lr = args.learning_rate * 0.5 * (1 + math.cos(math.pi * step / args.max_steps))
    epoch = step / args.max_steps * 3
    if step % args.logging_steps == 0:
        entry = {"loss": round(loss.item(), 4), "learning_rate": lr, "epoch": round(epoch, 2)}
        print(str(entry), flush=True)
        history.append(dict(entry, step=step))
    if step % args.save_steps == 0:
        cp = os.path.join(args.output_dir, "checkpoint-%d" % step)
        print("Saving model checkpoint to " + cp, flush=True)
        os.makedirs(cp, exist_ok=True)
        torch.save(model.state_dict(), os.path.join(cp, "model.pt"))
        with open(os.path.join(cp, "trainer_state.json"), "w") as f:
            json.dump({"global_step": step, "max_steps": args.max_steps, "epoch": epoch,
                       "log_history": history}, f)
runtime = time.time() - t0
print(str({"train_runtime": round(runtime, 4), "train_samples_per_second": round(args.max_steps * bs / runtime, 3),
           "train_loss": round(sum(h["loss"] for h in history) / max(len(history), 1), 4), "epoch": 3.0}), flush=True)
