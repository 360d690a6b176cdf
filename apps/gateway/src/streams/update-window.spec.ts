import { UpdateWindow } from './update-window';

describe(UpdateWindow.name, () => {
  beforeEach(() => jest.useFakeTimers());
  afterEach(() => jest.useRealTimers());

  it('pushes the first change at once and the rest together when the interval ends', () => {
    const push = jest.fn();
    const sut = new UpdateWindow(100, push);
    sut.touch();
    expect(push).toHaveBeenCalledTimes(1);
    sut.touch();
    sut.touch();
    expect(push).toHaveBeenCalledTimes(1);
    jest.advanceTimersByTime(100);
    expect(push).toHaveBeenCalledTimes(2);
    jest.advanceTimersByTime(100);
    expect(push).toHaveBeenCalledTimes(2);
    sut.touch();
    expect(push).toHaveBeenCalledTimes(3);
  });

  it('pushes nothing more once stopped', () => {
    const push = jest.fn();
    const sut = new UpdateWindow(100, push);
    sut.touch();
    sut.touch();
    sut.stop();
    jest.advanceTimersByTime(1000);
    expect(push).toHaveBeenCalledTimes(1);
  });
});
