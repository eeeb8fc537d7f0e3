"""``mock_bedrock``: the one object users hold (decorator, context manager, start/stop handle)."""

from __future__ import annotations

import datetime as _dt
import functools
import re
import sys
from collections.abc import Callable
from types import TracebackType
from typing import Any, TypeVar, overload

from . import _interceptor
from ._backend import Backend
from ._botocore_adapter import access_key_for
from ._clock import Clock, Seconds, VirtualClock, to_seconds
from ._family import FAMILIES

F = TypeVar("F", bound=Callable[..., Any])
DEFAULT_ACCOUNT_ID = "123456789012"
_ACCOUNT = re.compile(r"[0-9]{12}")


def _operation_name(operation: str) -> str:
    """``GetModelCustomizationJob`` from either that or ``get_model_customization_job``."""
    if "_" in operation or operation[:1].islower():
        return "".join(part.capitalize() for part in operation.split("_"))
    return operation


class BedrockFake:
    """A fake Amazon Bedrock control plane, and the handle that drives it.

    Use it as ``with mock_bedrock() as fake:``, as ``@mock_bedrock`` / ``@mock_bedrock(**options)`` on
    functions, async functions and test classes, or with ``start()`` / ``stop()``. While active,
    every ``bedrock`` client call in the process is answered by this fake; nothing is sent anywhere.

    Options:
        account_id: the account that clients act as unless they use :meth:`credentials_for`.
        real_sleep: keep ``time.sleep`` real (by default it moves the fake's clock instead).
        clock: a :class:`~bedrock_fake.Clock`; by default a :class:`~bedrock_fake.VirtualClock`.
    """

    def __init__(
        self, *, account_id: str = DEFAULT_ACCOUNT_ID, real_sleep: bool = False, clock: Clock | None = None
    ) -> None:
        if not isinstance(account_id, str) or not _ACCOUNT.fullmatch(account_id):
            raise ValueError(f"account_id must be 12 digits, got {account_id!r}")
        self._clock: Clock = clock if clock is not None else VirtualClock()
        self._backend = Backend(account_id, self._clock, real_sleep)
        self._backend.handle = self
        # The world a decorated class's setUpClass left, which each of its tests starts from.
        self._class_world: Any = None
        # A plain class's setup_method began the current test's fake (its teardown_method ends it).
        self._in_method = False

    # --- what it is -------------------------------------------------------------------------------
    @property
    def clock(self) -> Clock:
        """The clock every status change is read from (``fake.clock.now()``, ``fake.clock.advance(60)``)."""
        return self._clock

    @property
    def account_id(self) -> str:
        """The default account of clients."""
        return self._backend.account_id

    @property
    def active(self) -> bool:
        """Whether this fake is currently answering calls."""
        return self._backend in _interceptor._active

    def now(self) -> _dt.datetime:
        """The fake's current time, with every transition due by then applied."""
        return self._backend.now()

    # --- activation -------------------------------------------------------------------------------
    def start(self) -> BedrockFake:
        """Start answering Bedrock calls (state is kept from any earlier activation)."""
        _interceptor.activate(self._backend)
        return self

    def stop(self) -> None:
        """Stop answering; the process is left as it was before the first active fake started."""
        _interceptor.deactivate(self._backend)

    def __enter__(self) -> BedrockFake:
        return self.start()

    def __exit__(
        self, exc_type: type[BaseException] | None, exc: BaseException | None, tb: TracebackType | None
    ) -> None:
        self.stop()

    async def __aenter__(self) -> BedrockFake:
        return self.start()

    async def __aexit__(
        self, exc_type: type[BaseException] | None, exc: BaseException | None, tb: TracebackType | None
    ) -> None:
        self.stop()

    @overload
    def __call__(self, target: type) -> type: ...

    @overload
    def __call__(self, target: F) -> F: ...

    def __call__(self, target: Any) -> Any:
        """Decorate a function, async function or class: each call (each test) gets a fresh world."""
        import inspect  # imported here: it costs ~5 ms at import time and only decorating needs it

        if inspect.isclass(target):
            return self._decorate_class(target)
        if inspect.iscoroutinefunction(target):

            @functools.wraps(target)
            async def run_async(*args: Any, **kwargs: Any) -> Any:
                self._begin_test()
                try:
                    return await target(*args, **kwargs)
                finally:
                    self._end_test()

            return run_async

        @functools.wraps(target)
        def run(*args: Any, **kwargs: Any) -> Any:
            self._begin_test()
            try:
                result = target(*args, **kwargs)
            except BaseException:
                self._end_test()
                raise
            if inspect.isawaitable(result):
                # A sync wrapper (another library's decorator) around a coroutine function: stay active
                # until the coroutine has run, not just until it was created.
                return self._end_after(result)
            self._end_test()
            return result

        return run

    def _fresh_start(self) -> None:
        """Start a decorated call with an empty world (refused, untouched, if this fake is running)."""
        if self.active:
            raise RuntimeError(
                "this fake is already active: a function it decorates was called again before the first "
                "call finished; decorate with @mock_bedrock() per function, or use the fixture"
            )
        self.reset()
        self.start()

    async def _end_after(self, awaitable: Any) -> Any:
        try:
            return await awaitable
        finally:
            self._end_test()

    def _decorate_class(self, cls: type) -> type:
        """Every test of ``cls`` runs under this fake, each from the same starting world.

        The class-level hooks (``setUpClass``/``tearDownClass`` of a ``unittest.TestCase``,
        ``setup_class``/``teardown_class`` of a pytest class) run under the fake too, and what
        ``setUpClass`` creates is the world every test starts from: each test gets its own copy, so
        nothing one test does reaches the next. (moto's class decorator leaves ``setUpClass``
        unmocked; here it is covered, because a class hook that talks to Bedrock must not reach AWS.)
        """
        import inspect

        # A TestCase subclass implies unittest is loaded; don't pay for importing it otherwise.
        unittest = sys.modules.get("unittest")
        if unittest is not None and issubclass(cls, unittest.TestCase):
            self._wrap_class_hooks(cls, "setUpClass", "tearDownClass")
            original_setup = _unwrapped(cls.setUp)  # type: ignore[attr-defined]

            def setUp(case: Any) -> None:
                self._begin_test()
                case.addCleanup(self._end_test)
                original_setup(case)

            setUp.__bedrock_fake_wraps__ = original_setup  # type: ignore[attr-defined]
            cls.setUp = setUp  # type: ignore[attr-defined]
            return cls
        if hasattr(cls, "setup_class") or hasattr(cls, "teardown_class"):
            self._wrap_class_hooks(cls, "setup_class", "teardown_class")
        if hasattr(cls, "setup_method"):
            self._wrap_method_hooks(cls)
        # Inherited test methods too (a base class or mixin): each is wrapped on this class only.
        for name in dir(cls):
            member = inspect.getattr_static(cls, name)
            if name.startswith("test") and inspect.isfunction(member):
                setattr(cls, name, self._test_method(_unwrapped(member)))
        return cls

    def _test_method(self, function: Callable[..., Any]) -> Callable[..., Any]:
        """A test method of a plain class: under the fake (already begun if ``setup_method`` ran)."""
        alone = self(function)

        @functools.wraps(function)
        def run(*args: Any, **kwargs: Any) -> Any:
            if self._in_method:  # setup_method began this test's fake; teardown_method ends it
                return function(*args, **kwargs)
            return alone(*args, **kwargs)

        run.__bedrock_fake_wraps__ = function  # type: ignore[attr-defined]
        return run

    def _wrap_method_hooks(self, cls: type) -> None:
        """pytest's ``setup_method``/``teardown_method`` run under the test's fake (as moto's decorator does)."""
        setup = _unwrapped(inspect_static(cls, "setup_method"))
        teardown = _unwrapped(inspect_static(cls, "teardown_method"))

        # pytest passes the test method only to hooks that take it: take it, and hand it on the same way
        def setup_method(case: Any, method: Any = None) -> None:
            self._begin_test()
            self._in_method = True
            try:
                _call_method_hook(setup, case, method)
            except BaseException:
                self._in_method = False
                self._end_test()
                raise

        def teardown_method(case: Any, method: Any = None) -> None:
            try:
                if teardown is not None:
                    _call_method_hook(teardown, case, method)
            finally:
                if self._in_method:
                    self._in_method = False
                    self._end_test()

        setup_method.__bedrock_fake_wraps__ = setup  # type: ignore[attr-defined]
        teardown_method.__bedrock_fake_wraps__ = _NOTHING if teardown is None else teardown  # type: ignore[attr-defined]
        cls.setup_method = setup_method  # type: ignore[attr-defined]
        cls.teardown_method = teardown_method  # type: ignore[attr-defined]

    def _wrap_class_hooks(self, cls: type, setup_name: str, teardown_name: str) -> None:
        """Run ``cls``'s class-level set-up and tear-down (inherited or not) under this fake."""
        setup = _unwrapped(getattr(cls, setup_name, None))
        teardown = _unwrapped(getattr(cls, teardown_name, None))

        def class_setup(klass: type) -> None:
            self._fresh_start()
            try:
                if setup is not None:
                    _call_class_hook(setup, klass)
            except BaseException:
                self.stop()
                raise
            self._class_world = self._backend.save_world()

        def class_teardown(klass: type) -> None:
            try:
                if teardown is not None:
                    _call_class_hook(teardown, klass)
            finally:
                self._class_world = None
                self.stop()

        class_setup.__bedrock_fake_wraps__ = _NOTHING if setup is None else setup  # type: ignore[attr-defined]
        class_teardown.__bedrock_fake_wraps__ = _NOTHING if teardown is None else teardown  # type: ignore[attr-defined]
        setattr(cls, setup_name, classmethod(class_setup))
        setattr(cls, teardown_name, classmethod(class_teardown))

    def _begin_test(self) -> None:
        """A test of a decorated class starts: from the world the class set up, or from nothing."""
        if self._class_world is not None:
            self._backend.load_world(self._class_world)
        else:
            self._fresh_start()

    def _end_test(self) -> None:
        if self._class_world is None:
            self.stop()

    # --- driving it -------------------------------------------------------------------------------
    def reset(self) -> None:
        """Forget every resource, pending outcome and injected error (durations and the clock stay)."""
        self._backend.reset_world()

    def set_duration(self, kind: str, seconds: Seconds) -> None:
        """How long resources of ``kind`` created from now on take to finish.

        Kinds: model_customization_job, model_copy_job, model_import_job, custom_model,
        evaluation_job, provisioned_model_throughput, stop (Stopping -> Stopped) and
        evaluation_job_deletion (Deleting -> gone). Defaults: docs/clock-and-lifecycle.md.
        """
        durations = self._backend.durations
        if kind not in durations:
            raise ValueError(f"unknown kind {kind!r}; kinds are {sorted(durations)}")
        durations[kind] = to_seconds(seconds)

    def set_outcome(
        self, name_or_arn: str, status: str = "Failed", message: str | None = None, *, kind: str | None = None
    ) -> None:
        """Choose how a resource ends: ``"Failed"`` (with ``message``) or its success state.

        Applies to a live resource with that name or ARN, or, if there is none yet, to the next one
        created with that name (``kind`` narrows it to one kind, e.g. ``"model_customization_job"``).
        An update that ends in statuses of its own (a custom model deployment's ``"UpdateFailed"``) takes
        them only while it runs.
        """
        if kind is not None and (kind not in FAMILIES or not FAMILIES[kind].outcomes):
            kinds = sorted(k for k, family in FAMILIES.items() if family.outcomes)
            raise ValueError(f"unknown kind {kind!r}; kinds are {kinds}")
        self._backend.set_outcome(name_or_arn, status, message, kind)

    def inject_error(self, operation: str, code: str, times: int | None = 1, message: str | None = None) -> None:
        """Answer the next ``times`` calls of ``operation`` with error ``code`` (None: every call).

        ``operation`` is the API name (``GetModelCustomizationJob``) or the client method name
        (``get_model_customization_job``). Retryable codes (ThrottlingException, InternalServerException,
        ServiceUnavailableException) go through the client's retry configuration.
        """
        name = _operation_name(operation)
        known = self._backend.service_model().operation_names
        if name not in known:
            raise ValueError(f"{operation!r} is not a Bedrock operation")
        self._backend.inject_error(name, code, times, message)

    def credentials_for(self, account_id: str) -> dict[str, str]:
        """Keyword arguments for ``boto3.client("bedrock", ...)`` that make a client act as ``account_id``."""
        if not isinstance(account_id, str) or not _ACCOUNT.fullmatch(account_id):
            raise ValueError(f"account_id must be 12 digits, got {account_id!r}")
        return {
            "aws_access_key_id": access_key_for(account_id),
            "aws_secret_access_key": "bedrock-fake-secret-key",
            "aws_session_token": "bedrock-fake-session-token",
        }

    def share_model(self, model_arn: str, account_id: str) -> None:
        """Share a custom model with another account, as its owner would (AWS RAM has no Bedrock API).

        ``model_arn`` names an existing custom model (any account and region of this fake). The account
        then sees it in ``ListCustomModels`` (``isOwned=False``, in the model's region), can read it with
        ``GetCustomModel`` by ARN, and can copy it into its own account with ``CreateModelCopyJob``.
        Act as that account with ``boto3.client("bedrock", **fake.credentials_for(account_id))``.
        Sharing twice is harmless. Raises ValueError for a malformed or unknown ARN, a malformed
        account id, or the owning account.
        """
        from ._arns import parse_arn
        from .resources import custom_models

        parts = parse_arn(model_arn) if isinstance(model_arn, str) else None
        if parts is None or parts.resource_type != "custom-model":
            raise ValueError(f"model_arn must be a custom-model ARN, got {model_arn!r}")
        if not isinstance(account_id, str) or not _ACCOUNT.fullmatch(account_id):
            raise ValueError(f"account_id must be 12 digits, got {account_id!r}")
        with self._backend.lock:
            self._backend.now()  # apply due transitions first: a copy that just finished exists
            custom_models.share(self._backend.registry, model_arn, account_id)

    def __repr__(self) -> str:
        state = "active" if self.active else "inactive"
        return f"<BedrockFake account_id={self.account_id} clock={self._clock!r} {state}>"


@overload
def mock_bedrock(target: F, /) -> F: ...


@overload
def mock_bedrock(
    *, account_id: str = ..., real_sleep: bool = ..., clock: Clock | None = ...
) -> BedrockFake: ...


def mock_bedrock(target: Any = None, /, **options: Any) -> Any:
    """A fake Bedrock control plane: ``@mock_bedrock``, ``@mock_bedrock(...)``, ``with mock_bedrock() as fake``.

    See :class:`BedrockFake` for the options and the handle's methods.
    """
    if target is None:
        return BedrockFake(**options)
    if options:
        raise TypeError("use @mock_bedrock(**options) to give options")
    return BedrockFake()(target)


#: what a wrapper of ours wraps when the class had no hook of that name
_NOTHING = object()


def _unwrapped(member: Any) -> Any:
    """What a decorator of ours wrapped (a subclass inherits the wrapper; it must not wrap it again).

    None when the wrapper stands for a hook the class did not have.
    """
    function = getattr(member, "__func__", member)
    inner = getattr(function, "__bedrock_fake_wraps__", None)
    if inner is _NOTHING:
        return None
    return member if inner is None else inner


def _call_method_hook(hook: Any, case: Any, method: Any) -> None:
    if getattr(getattr(hook, "__code__", None), "co_argcount", 1) >= 2:
        hook(case, method)
    else:
        hook(case)


def inspect_static(cls: type, name: str) -> Any:
    """``cls.name`` as a plain function (or None), whether defined on ``cls`` or inherited."""
    for klass in cls.__mro__:
        if name in vars(klass):
            member = vars(klass)[name]
            return getattr(member, "__func__", member)
    return None


def _call_class_hook(hook: Any, klass: type) -> None:
    """Call a class-level hook for ``klass``: a classmethod (bound to a base class when inherited, so
    rebind its function to ``klass``), or a plain function or staticmethod."""
    function = getattr(hook, "__func__", None)
    if function is not None and getattr(hook, "__self__", None) is not None:
        function(klass)
    else:
        hook()


def get_fake() -> BedrockFake | None:
    """The innermost active fake (handy under a bare ``@mock_bedrock``), or None."""
    backend = _interceptor.innermost()
    return backend.handle if backend is not None else None
