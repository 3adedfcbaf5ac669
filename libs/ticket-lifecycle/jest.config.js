module.exports = {
  displayName: 'ticket-lifecycle',
  preset: '../../jest.preset.js',
};
